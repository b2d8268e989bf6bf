/** The page a returned (退回) member corrects their application on: the join form, no code needed. */
export const REAPPLY_URL = '/pages/join-form/index?reapply=1';
