// The fields that start a support conversation, the same on /support and in the chat widget:
// the question is required; the subject is optional (the first words of the question otherwise).

export function NewConversationFields(p: { compact?: boolean }) {
  return (
    <>
      <input
        class="input"
        name="subject"
        placeholder="Subject (optional)"
        aria-label="Subject (optional)"
        maxLength={200}
      />
      <textarea
        class="input"
        name="message"
        rows={p.compact ? 3 : 4}
        required
        maxLength={4000}
        aria-label="Your question"
        placeholder="Ask anything — our assistant answers right away, and a person is one message away."
      />
    </>
  );
}
