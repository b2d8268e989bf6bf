/** 摇号公示: a page of the `care` subpackage (only people looking at a draw load it). */
export const drawUrls = {
  /** `mine`: the member's own place in the drawn order, to mark it (from their sign-up's drawPosition) */
  draw: (activityId: string, mine?: number) =>
    `/care/pages/draw/index?id=${encodeURIComponent(activityId)}${mine !== undefined ? `&mine=${mine}` : ''}`,
};

/** Where the published draw is read from: what `scripts/verify-draw.ts` takes to recompute it. */
export const drawAddress = (activityId: string) => `${API_BASE_URL}/activities/${encodeURIComponent(activityId)}/draw`;

export const verifyCommand = (activityId: string) => `npx tsx scripts/verify-draw.ts ${drawAddress(activityId)}`;
