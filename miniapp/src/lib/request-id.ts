/** An id for one submission, kept across retries so the server can drop duplicates (no crypto on weapp). */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
}
