import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { beijingDay, beijingDisplay } from '@shared/beijing-time';
import { yuan } from '@shared/money';
import { claimStatusLabel, type StaffClaim } from '@shared/schemas/claim';
import { ErrorState, Loading } from '../../components/states';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { ReviewActions } from './review-actions';
import { useStaffClaim } from './use-staff-claim';
import './claims-staff.css';

/** The photo links last 10 minutes: a tap on links older than this reads the claim again first. */
const LINKS_FRESH_MS = 9 * 60_000;
/** A picture that fails to load from links read longer ago than this: they may have expired, read again (at most this often). */
const RETRY_AFTER_MS = 60_000;

type Slot = StaffClaim['slots'][number];

/**
 * One claim for the staff handling it: who filed it, the plan, event and dates, each material with
 * its pages (a tap opens them full size), the timeline, and the review actions its status allows.
 * Opening it is recorded in the audit log (said at the top); another org's claim is refused.
 */
export function StaffClaimScreen({ claimId }: { claimId: string }) {
  const { claim, readAt, error, loading, reload, replace } = useStaffClaim(claimId);

  if (!claim) return error ? <ErrorState message={error.message} onRetry={() => void reload()} /> : <Loading />;

  const preview = async (slot: Slot, pageId: string) => {
    let pages = slot.pages;
    if (Date.now() - readAt > LINKS_FRESH_MS) {
      const fresh = await reload();
      pages = fresh?.slots.find((s) => s.item === slot.item)?.pages ?? [];
    }
    const current = pages.find((p) => p.id === pageId) ?? pages[0];
    if (current) void Taro.previewImage({ urls: pages.map((p) => p.url), current: current.url });
  };
  const onBrokenPicture = () => {
    if (!loading && Date.now() - readAt > RETRY_AFTER_MS) void reload();
  };
  const m = claim.member;

  return (
    <View className="page" data-claim={claim.id}>
      <View className="page-header">
        <Text className="page-header__title">
          {claim.planTitle} · {claim.eventLabel}
        </Text>
        <Text className="page-header__sub">{claimStatusLabel[claim.status]}</Text>
      </View>
      <Text className="claim-audit-note">查看记录会写入操作日志</Text>
      {error ? <ErrorState message={error.message} onRetry={() => void reload()} /> : null}

      <View className="card">
        <Text className="card__title">申请人</Text>
        <Row label="姓名" value={m.name} />
        <Row label="会员号" value={m.memberNo} />
        <Row label="手机" value={m.phone} />
        <Row label="所属工会" value={m.orgName} />
      </View>

      <View className="card">
        <Text className="card__title">申请</Text>
        <Row label="计划" value={claim.planTitle} />
        <Row label="理赔事项" value={claim.eventLabel} />
        <Row label="事发日期" value={beijingDay(claim.eventDate)} />
        <Row label="申请期限" value={`${beijingDay(claim.deadline)}前`} />
        {claim.submittedAt ? <Row label="提交时间" value={beijingDisplay(claim.submittedAt)} /> : null}
        {claim.amountFen !== undefined ? <Row label="核准金额" value={yuan(claim.amountFen)} /> : null}
        {claim.reference ? <Row label="报送编号" value={claim.reference} /> : null}
        {claim.paidFen !== undefined ? (
          <Row label="已赔付" value={`${yuan(claim.paidFen)}${claim.paidOn ? `（${beijingDay(claim.paidOn)}）` : ''}`} />
        ) : null}
        {claim.rejectReason ? <Row label="未通过原因" value={claim.rejectReason} /> : null}
      </View>

      <View className="card">
        <Text className="card__title">材料</Text>
        {claim.photosDeleted ? <Text className="muted">理赔结束已满保存期限，照片已删除</Text> : null}
        {claim.slots.map((slot) => (
          <View key={slot.item} className="claim-slot" data-slot={slot.item}>
            <View className="claim-slot__head">
              <Text className="claim-slot__label">{slot.label}</Text>
              <Text className="muted">
                {keepNumbersWhole(slot.pages.length > 0 ? `${slot.pages.length} 页` : slot.required ? '必交 · 未上传' : '选交 · 未上传')}
              </Text>
            </View>
            {slot.requested ? <Text className="claim-slot__requested">已要求补充：{slot.requested.note}</Text> : null}
            {slot.pages.length > 0 ? (
              <View className="claim-slot__pages">
                {slot.pages.map((page, i) => (
                  <Image
                    key={page.id}
                    className="claim-slot__page"
                    src={page.thumbUrl}
                    mode="aspectFill"
                    aria-label={`${slot.label}第 ${i + 1} 页，点击查看大图`}
                    onClick={() => void preview(slot, page.id)}
                    onError={onBrokenPicture}
                  />
                ))}
              </View>
            ) : null}
          </View>
        ))}
      </View>

      <ReviewActions claim={claim} onReviewed={replace} onStale={reload} />

      <View className="card">
        <Text className="card__title">进度</Text>
        {[...claim.timeline].reverse().map((step, i) => (
          <View key={`${step.at}-${i}`} className="claim-step" data-step={step.status}>
            <Text className="claim-step__status">{claimStatusLabel[step.status]}</Text>
            <Text className="muted">
              {beijingDisplay(step.at)}
              {step.by ? ` · ${step.by}` : ''}
            </Text>
            {step.note ? <Text className="claim-step__note">{step.note}</Text> : null}
          </View>
        ))}
      </View>
    </View>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className="claim-row__line">
      <Text className="claim-row__label">{label}</Text>
      <Text className="claim-row__value">{value}</Text>
    </View>
  );
}
