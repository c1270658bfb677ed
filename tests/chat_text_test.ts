// Conversation subjects from the first message, and message times, as the chat islands show them.
import assert from "node:assert/strict";
import { messageTime, subjectFrom } from "../islands/chat/subject.ts";

Deno.test("a conversation's default subject is the first words of its question", () => {
  const cases: [string, string][] = [
    ["How do I connect my own domain to a published page?", "How do I connect my own domain to…"],
    ["Hi! How do I connect my own domain?", "How do I connect my own domain?"],
    ["hello there, refund please", "Refund please"],
    ["Can I get a refund?", "Can I get a refund?"],
    ["  lots   of\n spaces  ", "Lots of spaces"],
    ["Payout", "Payout"],
    ["Hi", "Hi"],
    ["", "Question"],
    [`${"x".repeat(100)} more`, `X${"x".repeat(58)}…`],
    [
      "Why, when I publish, does it say: page too large, remove some blocks",
      "Why, when I publish, does it say: page…",
    ],
  ];
  for (const [message, subject] of cases) assert.equal(subjectFrom(message), subject, message);
  for (const [message] of cases) assert.ok(subjectFrom(message).length <= 60);
});

Deno.test("message times: the time today, the date before it on other days", () => {
  const now = new Date(2026, 10, 25, 16, 30);
  assert.equal(messageTime(new Date(2026, 10, 25, 14, 5).toISOString(), now, "en-GB"), "14:05");
  assert.equal(
    messageTime(new Date(2026, 10, 24, 9, 0).toISOString(), now, "en-GB"),
    "24 Nov, 09:00",
  );
  assert.equal(
    messageTime(new Date(2025, 2, 3, 14, 5).toISOString(), now, "en-GB"),
    "3 Mar 2025, 14:05",
  );
  assert.equal(messageTime(new Date(2026, 10, 25, 14, 5).toISOString(), now, "en-US"), "2:05 PM");
  assert.equal(messageTime("not a date", now), "");
});
