/** The member's claim pages (their own subpackage, `care`: only members filing a claim load them). */
export const careUrls = {
  start: (activityId: string) => `/care/pages/claim-start/index?activity=${encodeURIComponent(activityId)}`,
  claim: (claimId: string) => `/care/pages/claim/index?id=${encodeURIComponent(claimId)}`,
  myClaims: '/care/pages/my-claims/index',
};
