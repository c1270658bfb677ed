// KV keys of accounts: users and their email/GitHub indexes, sessions, email tokens, throttling.
export const authKeys = {
  user: (id: string) => ["users", id],
  userByEmail: (email: string) => ["users_by_email", email.toLowerCase()],
  userByGithub: (githubId: string) => ["users_by_github", githubId],
  usersAll: () => ["users"],
  refreshToken: (hash: string) => ["refresh_tokens", hash],
  refreshFamily: (familyId: string) => ["refresh_families", familyId],
  emailToken: (purpose: string, hash: string) => ["email_tokens", purpose, hash],
  loginFailures: (subject: string) => ["login_failures", subject],
} as const;
