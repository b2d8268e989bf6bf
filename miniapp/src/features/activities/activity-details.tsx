import { useState, type ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { activityCategoryLabel, type Activity } from '@shared/schemas/activity';
import { ActivityForm } from './activity-form';
import { eligibilityToggles, holdLabel } from './activity-rules';
import { beijingDisplay } from '@shared/beijing-time';
import { allocationLabel } from '@shared/schemas/draw';
import { noShowText } from '../draws/draw-status';
import './activities.css';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className="info-row">
      <Text className="muted info-row__label">{label}</Text>
      <View className="info-row__value">{children}</View>
    </View>
  );
}

/** Staff: what workers see about the activity, and 修改活动 to correct it (the same form as publishing). */
export function ActivityDetails({ activity: a, onSaved }: { activity: Activity; onSaved: (saved: Activity) => void }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);

  if (editing)
    return (
      <ActivityForm
        activity={a}
        onSaved={(next) => {
          setEditing(false);
          setSaved(true);
          onSaved(next);
        }}
        onCancel={() => setEditing(false)}
      />
    );
  const conditions = eligibilityToggles.filter(([key]) => a.eligibility[key]).map(([, label]) => label);
  const ages = a.eligibility.children;
  return (
    <View className="card" data-card="activity-details">
      <Text className="card__title">活动信息</Text>
      {saved ? <Text className="activity__status">已保存修改，职工看到的是新的内容</Text> : null}
      <Row label="名称">
        <Text className="info-row__text">{a.title}</Text>
      </Row>
      <Row label="类别">
        <Text className="info-row__text">{activityCategoryLabel[a.category]}</Text>
      </Row>
      <Row label="地点">
        <Text className="info-row__text">{a.place}</Text>
      </Row>
      <Row label="时间">
        <Text className="info-row__text">
          {beijingDisplay(a.startsAt)} 至 {beijingDisplay(a.endsAt)}
        </Text>
      </Row>
      <Row label="报名截止">
        <Text className="info-row__text">{beijingDisplay(a.signupClosesAt)}</Text>
      </Row>
      <Row label="名额分配">
        <Text className="info-row__text">{allocationLabel[a.allocation ?? 'first-come']}</Text>
        {a.allocation === 'draw' ? (
          <Text className="info-row__text info-row__text--long">{a.noShow ? `未签到限制：${noShowText(a.noShow)}` : '不限制未签到'}</Text>
        ) : null}
      </Row>
      <Row label="报名条件">
        {conditions.length === 0 && !ages ? <Text className="info-row__text">不限</Text> : null}
        {conditions.map((c) => (
          <Text key={c} className="info-row__text">
            {c}
          </Text>
        ))}
        {ages ? <Text className="info-row__text">{`托管班：${ages.minAge}–${ages.maxAge} 岁的孩子`}</Text> : null}
        <Text className="info-row__text">{`每人限报 ${a.perMemberLimit} 个`}</Text>
      </Row>
      <Row label="候补">
        <Text className="info-row__text">{a.waitlist ? `满额后开放候补，${holdLabel(a.holdMinutes)}内确认` : '不开放候补'}</Text>
      </Row>
      {a.description ? (
        <Row label="说明">
          <Text className="info-row__text info-row__text--long">{a.description}</Text>
        </Row>
      ) : null}
      <Button
        className="big-button big-button--ghost activity__cancel"
        onClick={() => {
          setSaved(false);
          setEditing(true);
        }}
      >
        修改活动
      </Button>
    </View>
  );
}
