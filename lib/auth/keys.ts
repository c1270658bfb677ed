// KV keys of accounts: users and their email/GitHub indexes, sessions, email tokens, throttling.
export const authKeys = {
  user: (id: string) => ["users", id],
  userByEmail: (email: string) => ["users_by_email", email.toLowerCase()],
  userByGithub: (githubId: string) => ["users_by_github", githubId],
  usersAll: () => ["users"],
  /** Users by email (lower case) in email order: the admin search by email prefix ranges over it. */
  usersByEmailAll: () => ["users_by_email"],
  /** Per-role index (value: the user id), newest first by id. */
  userByRole: (role: string, id: string) => ["users_by_role", role, id],
  usersByRole: (role: string) => ["users_by_role", role],
  refreshToken: (hash: string) => ["refresh_tokens", hash],
  refreshFamily: (familyId: string) => ["refresh_families", familyId],
  emailToken: (purpose: string, hash: string) => ["email_tokens", purpose, hash],
  loginFailures: (subject: string) => ["login_failures", subject],
} as const;
