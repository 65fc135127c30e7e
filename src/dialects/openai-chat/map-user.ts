/**
 * The canonical `user` as OpenAI's APIs take it. OpenAI refuses a `user` over 64 characters with a
 * 400, and Claude Code's `metadata.user_id` is a JSON object of about 150 (a device id, an account
 * and a session). A longer one is sent as its SHA-256 in hex, exactly 64 characters: still one
 * stable, opaque id per user for the provider's abuse detection, which is what the field is for.
 */
import { createHash } from "node:crypto";

const maxUserLength = 64;

export function mapUser(user: string): string {
  return user.length <= maxUserLength ? user : createHash("sha256").update(user).digest("hex");
}
