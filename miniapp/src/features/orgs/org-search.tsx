import { useEffect, useState, type ReactNode } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { orgLevelLabel, type Org } from '@shared/schemas/org';
import { useOrgSearch } from './use-org-tree';
import { PageFooter } from './org-tree-view';

/** Waits until typing pauses before searching, so each keystroke does not cost a request. */
function useSettled(value: string, ms = 300) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A name search above the tree: while it holds text it shows the matches (name prefix, 20 a page)
 * in place of `children`; cleared, the tree is back as it was. `districts` (the city's districts)
 * let a worker or city admin search inside one district; staff below the city are always kept to
 * their own district by the API.
 */
export function OrgSearch({ districts = [], children }: { districts?: Org[]; children: ReactNode }) {
  const [text, setText] = useState('');
  const [district, setDistrict] = useState<string | undefined>();
  const typed = useSettled(text.trim());
  const [confirmed, setConfirmed] = useState<string | undefined>();
  // 回车 searches at once; otherwise the search follows typing once it pauses
  const q = confirmed === text.trim() ? confirmed : typed;
  const active = text.trim().length > 0;
  return (
    <View>
      <View className="org-search" role="search">
        <Input
          className="join__input org-search__input"
          value={text}
          placeholder="搜索工会名称"
          maxlength={30}
          confirmType="search"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={() => setConfirmed(text.trim())}
        />
        {active ? (
          <Button className="org-tree__action org-search__clear" onClick={() => (setText(''), setConfirmed(undefined))}>
            清除
          </Button>
        ) : null}
      </View>
      {active && districts.length > 0 ? (
        <View className="chips" role="toolbar" aria-label="查找范围">
          <View className={`chip${district ? '' : ' chip--on'}`} onClick={() => setDistrict(undefined)}>
            各区总工会
          </View>
          {districts.map((d) => (
            <View key={d.id} className={`chip${district === d.id ? ' chip--on' : ''}`} onClick={() => setDistrict(d.id)}>
              {d.shortName}
            </View>
          ))}
        </View>
      ) : null}
      {active ? q ? <OrgResults q={q} district={district} /> : <PageFooter pages={waiting} /> : children}
    </View>
  );
}

const noop = () => {};
const waiting = { orgs: undefined, cursor: undefined, loading: true, error: undefined, start: noop, more: noop, retry: noop };

function OrgResults({ q, district }: { q: string; district?: string }) {
  const pages = useOrgSearch(q, district);
  const { orgs, loading, error } = pages;
  return (
    <View className="org-tree" role="list" aria-label="查找结果">
      {orgs?.map((org) => (
        <View
          key={org.id}
          className={`org-tree__row org-tree__row--${org.level}`}
          role="listitem"
          data-org={org.id}
          style={{ paddingLeft: '32px' }}
        >
          <Text className="org-tree__name">{org.name}</Text>
          <Text className="org-tree__level">{orgLevelLabel[org.level]}</Text>
        </View>
      ))}
      {orgs && orgs.length === 0 && !loading && !error ? (
        <View className="org-tree__note" style={{ paddingLeft: '32px' }}>
          <Text>没有名称以“{q}”开头的工会</Text>
        </View>
      ) : null}
      <PageFooter pages={pages} style={{ paddingLeft: '32px' }} />
    </View>
  );
}
