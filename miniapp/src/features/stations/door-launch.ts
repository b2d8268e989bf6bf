/**
 * A door poster's QR is a plain link, `<origin>/d/<stationId>/<token>` (functions/lib/door-token.ts
 * doorUrl). Every way into the station page carries the station and, from the door, its token:
 *   ?id=…&door=…  (in-app navigation; H5's /d/<id>/<token> redirect in app.ts)
 *   ?q=…          (weapp: a plain-link QR opens the page with the whole URL, encoded once)
 * The token's signature is the server's to judge: a damaged one is still passed on and refused there.
 */
const DOOR_PATH = /\/d\/([a-z0-9][a-z0-9-]{1,63})\/([A-Za-z0-9_-]{8,64})\/?(?:[?#]|$)/;

export interface DoorLaunch {
  stationId: string;
  /** the door's token when the page was opened by scanning the poster */
  door: string | null;
}

/** The station and token in a door URL (or an H5 path such as `/d/<id>/<token>`), or null. */
export function doorFromUrl(text: string | undefined): { stationId: string; door: string } | null {
  const match = text ? DOOR_PATH.exec(text.trim()) : null;
  return match ? { stationId: match[1]!, door: match[2]! } : null;
}

/** What the station page was opened with; stationId '' when it says no station at all. */
export function doorFromLaunch(params: Record<string, string | undefined>): DoorLaunch {
  if (params.q) {
    let url = params.q;
    try {
      url = decodeURIComponent(params.q);
    } catch {
      // a q that was not encoded: read as it is
    }
    const scanned = doorFromUrl(url);
    if (scanned) return scanned;
  }
  return { stationId: params.id ?? '', door: params.door || null };
}
