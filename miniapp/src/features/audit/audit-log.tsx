import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import { AuditKind, auditKindLabel, type AuditEntryView } from '@shared/schemas/audit';
import { roleLabel } from '@shared/schemas/session';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './audit.css';

const kinds = AuditKind.options;
const kindRange = ['全部类型', ...kinds.map((k) => auditKindLabel[k])];

/**
 * 操作记录 (admins): every staff write on the admin's org and below, newest first, 30 a page with
 * 加载更多. Filter by kind (a picker) and by person (tap a name; 全部人员 undoes it). Names come
 * masked from the server; times are shown in Beijing time.
 */
export function AuditLog() {
  const [kind, setKind] = useState<AuditKind | undefined>(undefined);
  const [person, setPerson] = useState<{ id: string; name: string } | undefined>(undefined);
  const pages = usePages(
    async (cursor) => {
      const page = await api.listAuditEntries({
        query: { ...(kind ? { kind } : {}), ...(person ? { actorId: person.id } : {}), ...(cursor ? { cursor } : {}) },
      });
      return { items: page.entries, nextCursor: page.nextCursor };
    },
    [kind, person?.id],
  );
  const { items, error, loading, reload } = pages;
  const filtered = Boolean(kind || person);

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">操作记录</Text>
        <Text className="page-header__sub">本组织及下级组织工作人员的操作，新的在前，保留三年</Text>
      </View>
      <View className="audit__filters">
        <Picker
          mode="selector"
          name="audit-kind"
          range={kindRange}
          value={kind ? kinds.indexOf(kind) + 1 : 0}
          onChange={(e) => {
            const i = Number(e.detail.value);
            setKind(i > 0 ? kinds[i - 1] : undefined);
          }}
        >
          <View className={kind ? 'chip chip--on' : 'chip'}>
            <Text>{kind ? `类型：${auditKindLabel[kind]} ▾` : '全部类型 ▾'}</Text>
          </View>
        </Picker>
        {person ? (
          <>
            <View className="chip chip--on" data-person={person.id}>
              <Text>{`人员：${person.name}`}</Text>
            </View>
            <View className="chip" onClick={() => setPerson(undefined)}>
              <Text>全部人员</Text>
            </View>
          </>
        ) : null}
      </View>
      {!person ? <Text className="audit__hint">点人员姓名，只看此人的操作</Text> : null}
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 && !error ? (
        <EmptyState title={filtered ? '没有符合条件的操作记录' : '还没有操作记录'} hint={filtered ? '换个类型或人员试试' : undefined} />
      ) : null}
      {items?.map((entry) => (
        <AuditRow
          key={entry.id}
          entry={entry}
          onPerson={person ? undefined : () => setPerson({ id: entry.actorId, name: entry.actorName })}
        />
      ))}
      <ListFooter pages={pages} />
    </View>
  );
}

function AuditRow({ entry, onPerson }: { entry: AuditEntryView; onPerson?: () => void }) {
  return (
    <View className="card audit__row" data-audit={entry.id}>
      <View className="audit__head">
        <Text className="audit__kind">{auditKindLabel[entry.kind]}</Text>
        <Text className="audit__time">{beijingDisplay(entry.at)}</Text>
      </View>
      <Text className="audit__summary">{entry.summary}</Text>
      {/* beside the person: the org they act for; the org acted on, when another, here */}
      {entry.orgId !== entry.actingOrgId ? <Text className="audit__object">{`对象：${entry.orgName}`}</Text> : null}
      <View className="audit__who">
        {onPerson ? (
          <View className="audit__person" role="button" onClick={onPerson}>
            <Text>{entry.actorName}</Text>
          </View>
        ) : (
          <Text className="audit__person audit__person--plain">{entry.actorName}</Text>
        )}
        <Text className="muted">
          {entry.actingOrgName ? `${roleLabel[entry.actorRole]} · ${entry.actingOrgName}` : roleLabel[entry.actorRole]}
        </Text>
      </View>
    </View>
  );
}
