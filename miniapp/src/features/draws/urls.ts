/** 摇号公示: a page of the `care` subpackage (only people looking at a draw load it). */
export const drawUrls = {
  /** `mine`: the member's own place in the drawn order, to mark it (from their sign-up's drawPosition) */
  draw: (activityId: string, mine?: number) =>
    `/care/pages/draw/index?id=${encodeURIComponent(activityId)}${mine !== undefined ? `&mine=${mine}` : ''}`,
};

/**
 * Where the published draw is read from, as a full address: what `scripts/verify-draw.ts` takes to
 * recompute it on anyone's computer. H5 calls the API through `/api` on its own origin (so the page's
 * origin goes in front); weapp's base is already an absolute https origin.
 */
export function drawAddress(activityId: string): string {
  const path = `/activities/${encodeURIComponent(activityId)}/draw`;
  if (/^https?:\/\//.test(API_BASE_URL)) return `${API_BASE_URL}${path}`;
  const origin = typeof window !== 'undefined' && window.location?.origin ? window.location.origin : '';
  return `${origin}${API_BASE_URL.startsWith('/') ? '' : '/'}${API_BASE_URL}${path}`;
}

export const verifyCommand = (activityId: string) => `npx tsx scripts/verify-draw.ts ${drawAddress(activityId)}`;
