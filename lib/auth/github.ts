// Sign-in with GitHub: find the account by GitHub id, else link the one with the same (verified)
// email, else create one.
import { keys, kv } from "../kv/index.ts";
import { createUser, getUser, getUserByEmail, updateUser } from "./users.ts";

export async function signInWithGithub(
  profile: { id: string; email: string; name: string },
) {
  const byGithub = (await kv().get<string>(keys.userByGithub(profile.id))).value;
  if (byGithub) {
    const user = await getUser(byGithub);
    if (user) return user;
  }
  const byEmail = await getUserByEmail(profile.email);
  if (byEmail) {
    await kv().set(keys.userByGithub(profile.id), byEmail.id);
    // An account never confirmed by email may have been made by someone else who guessed the
    // owner would come (pre-registration): GitHub proves the address, so whoever set that
    // password loses it and their sessions end.
    return await updateUser(byEmail.id, (u) =>
      u.emailVerified ? { ...u, githubId: profile.id } : {
        ...u,
        githubId: profile.id,
        emailVerified: true,
        passwordHash: null,
        tokenVersion: u.tokenVersion + 1,
      });
  }
  return await createUser({
    email: profile.email,
    name: profile.name,
    githubId: profile.id,
    emailVerified: true,
  });
}
