import { signupStatusLabel, type Activity, type Signup } from '@shared/schemas/activity';
import { beijingDisplay } from '@shared/beijing-time';

/** A sign-up that is an entry of a draw: applied and waiting, or placed by it (it has a position in the order). */
export const isDrawEntry = (s: Pick<Signup, 'status' | 'drawPosition'>) => s.status === 'applied' || s.drawPosition !== undefined;

/**
 * What a member reads about their entry: waiting for the draw (and until when), 中签, 候补第 N 位
 * or 未中签. Other statuses (an offer, cancelled) read as for any sign-up.
 */
export function drawStatusText(s: Pick<Signup, 'status' | 'position' | 'drawPosition'>, closesAt?: string): string {
  if (s.status === 'applied') {
    if (!closesAt) return signupStatusLabel.applied;
    return Date.now() < new Date(closesAt).getTime()
      ? `已报名摇号，等待开奖（${beijingDisplay(closesAt)} 截止后开奖）`
      : '已报名摇号，报名已截止，等待开奖';
  }
  if (s.status === 'confirmed') return '中签，报名成功';
  if (s.status === 'waitlisted') return s.position ? `未中签，候补第 ${s.position} 位` : '未中签，候补中';
  return signupStatusLabel[s.status];
}

/** The places line of an activity card for a draw: how it is allocated, how many, until when. */
export function drawPlacesLine(a: Pick<Activity, 'capacity' | 'signupClosesAt' | 'draw'>): string {
  const places = a.capacity === null ? '' : ` · ${a.capacity} 个名额`;
  if (a.draw?.drawnAt) return `摇号已开奖${places}`;
  return `摇号${places} · 截止 ${beijingDisplay(a.signupClosesAt)}`;
}

/** The no-show rule as a sentence: 最近 3 次中签有 2 次未签到的，不能参加. */
export const noShowText = (r: { missed: number; of: number }) => `最近 ${r.of} 次中签有 ${r.missed} 次未签到的，不能参加`;

/** Sign-up list labels for staff: short (the member's own wording says what happens next). */
export const staffStatusLabel = (status: Signup['status']) =>
  status === 'applied' ? '已报名摇号' : status === 'not-drawn' ? '未中签' : signupStatusLabel[status];
