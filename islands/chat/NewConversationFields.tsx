// The fields that start a support conversation, the same on /support and in the chat widget:
// the question is required; the subject is optional (the first words of the question otherwise).
import { useAreaT } from "../../lib/i18n/area.ts";
import { chat } from "../../lib/i18n/areas/chat.ts";

export function NewConversationFields(p: { compact?: boolean }) {
  const t = useAreaT(chat);
  return (
    <>
      <input
        class="input"
        name="subject"
        placeholder={t("chat.new.subject")}
        aria-label={t("chat.new.subject")}
        maxLength={200}
      />
      <textarea
        class="input"
        name="message"
        rows={p.compact ? 3 : 4}
        required
        maxLength={4000}
        aria-label={t("chat.new.question")}
        placeholder={t("chat.new.placeholder")}
      />
    </>
  );
}
