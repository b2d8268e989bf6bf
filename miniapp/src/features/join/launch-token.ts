/**
 * Every way into the join page carries the same token:
 *   ?token=…  (in-app navigation, H5 /j/<token> redirect)
 *   ?scene=…  (a mini-program code; WeChat passes it URL-encoded)
 *   ?q=…      (a plain-link QR code: the whole URL, encoded once)
 *   a scanned or typed text: the URL itself, or just the token
 */
const TOKEN = /^[A-Za-z0-9_-]{20,32}$/;

export function tokenFromText(text: string | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  if (TOKEN.test(trimmed)) return trimmed;
  const match = /\/j\/([A-Za-z0-9_-]{20,32})(?:[/?#]|$)/.exec(trimmed);
  return match ? match[1]! : null;
}

export function tokenFromLaunch(params: Record<string, string | undefined>): string | null {
  if (params.token) return tokenFromText(params.token);
  if (params.scene) return tokenFromText(decodeURIComponent(params.scene));
  if (params.q) return tokenFromText(decodeURIComponent(params.q));
  return null;
}
