import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { orgLevelLabel, type Org } from '@shared/schemas/org';
import { MAX_ORG_DEPTH } from '@shared/schemas/org-admin';
import { api, ApiError } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useRequest } from '../../lib/use-request';
import { ActionError } from '../../components/field-error';
import { ErrorState, Loading } from '../../components/states';
import { OrgForm } from './org-form';
import { OrgImport } from './org-import';
import './org-admin.css';

type Panel = 'none' | 'create' | 'rename' | 'move' | 'import';

/** The org actions: the app's rounded ghost buttons, two a row inside the page margin (org-admin.css). */
const ACTION = 'big-button big-button--ghost org-admin__action';

/**
 * 组织管理: one org of the staff member's subtree at a time (start: the org they act for) with its
 * direct children (tap one to open it, 上一级 to go back), and what can be done to it: 新建下级组织,
 * 改名, 移动, 关闭, 邀请工作人员, 导入组织.
 */
export function OrgAdmin({ actingOrgId }: { actingOrgId: string }) {
  const [orgId, setOrgId] = useState(actingOrgId);
  const [panel, setPanel] = useState<Panel>('none');
  const detail = useRequest(() => api.getOrg({ params: { orgId } }), [orgId]);
  const [more, setMore] = useState<{ orgs: Org[]; cursor?: string } | null>(null);
  const { run, busy, problemOf } = useAction();
  const open = (id: string) => (setOrgId(id), setPanel('none'), setMore(null));
  const refresh = () => (setPanel('none'), setMore(null), detail.reload());

  if (detail.error) return <ErrorState message={detail.error.message} onRetry={detail.reload} />;
  // while the next org loads, the last one's answer is still held: its buttons must not act on the wrong org
  if (!detail.data || detail.data.org.id !== orgId) return <Loading />;
  const { org, ancestors } = detail.data;
  const children = [...detail.data.children, ...(more?.orgs ?? [])];
  const cursor = more ? more.cursor : detail.data.childrenCursor;
  const isActing = org.id === actingOrgId;
  const parent = ancestors[ancestors.length - 1];
  // an org at the deepest level (path of MAX_ORG_DEPTH + 1 ids) takes no children: the server refuses them
  const canHaveChildren = org.path.length <= MAX_ORG_DEPTH;

  const loadMore = () =>
    run('more', async () => {
      const page = await api.listOrgChildren({ params: { orgId: org.id }, query: { cursor: cursor! } });
      setMore({ orgs: [...(more?.orgs ?? []), ...page.orgs], cursor: page.nextCursor });
    });

  return (
    <View className="org-admin">
      <View className="page-header">
        <Text className="page-header__title">{org.name}</Text>
        <Text className="page-header__sub">{`${orgLevelLabel[org.level]} · 组织代码 ${org.code}${org.status === 'closed' ? ' · 已关闭' : ''}`}</Text>
      </View>
      {!isActing && parent ? (
        <Button className="big-button big-button--ghost org-admin__back" onClick={() => open(parent.id)}>
          {`返回上一级：${parent.name}`}
        </Button>
      ) : null}

      {org.status === 'open' ? (
        <View className="org-admin__actions" role="toolbar" aria-label="组织操作">
          {canHaveChildren ? (
            <Button className={ACTION} onClick={() => setPanel('create')}>
              新建下级组织
            </Button>
          ) : null}
          <Button className={ACTION} onClick={() => setPanel('rename')}>
            改名
          </Button>
          {!isActing ? (
            <Button className={ACTION} onClick={() => setPanel('move')}>
              移动
            </Button>
          ) : null}
          <Button
            className={ACTION}
            onClick={() =>
              void Taro.navigateTo({ url: `/staff/pages/invite/index?orgId=${org.id}&orgName=${encodeURIComponent(org.name)}` })
            }
          >
            邀请工作人员
          </Button>
          <Button className={ACTION} onClick={() => setPanel('import')}>
            导入组织
          </Button>
          {/* keyed by org: a refusal read on one org never shows under the next one opened */}
          {!isActing ? <CloseOrg key={org.id} org={org} onClosed={refresh} /> : null}
          {!canHaveChildren ? (
            <Text className="org-admin__note">{`${orgLevelLabel[org.level]}是最下一级（最多 5 级），不能再新建下级组织`}</Text>
          ) : null}
        </View>
      ) : null}

      {panel === 'create' ? <OrgForm parent={org} onCancel={() => setPanel('none')} onDone={refresh} /> : null}
      {panel === 'rename' ? <OrgForm org={org} onCancel={() => setPanel('none')} onDone={refresh} /> : null}
      {panel === 'move' ? <MoveOrg org={org} onMoved={refresh} onCancel={() => setPanel('none')} /> : null}
      {panel === 'import' ? <OrgImport onImported={detail.reload} /> : null}

      <View className="card org-admin__children">
        <Text className="card__title">{`直属下级${cursor ? ` ${children.length} 个以上` : ` ${children.length} 个`}`}</Text>
        {children.length === 0 ? <Text className="muted">暂无下级组织</Text> : null}
        {children.map((child) => (
          <View key={child.id} className="org-admin__child" role="button" data-org={child.id} onClick={() => open(child.id)}>
            <Text className="org-admin__child-name">{child.name}</Text>
            <Text className="muted">{`${orgLevelLabel[child.level]}${child.status === 'closed' ? ' · 已关闭' : ''} ›`}</Text>
          </View>
        ))}
        {cursor ? (
          <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={() => void loadMore()}>
            {busy === 'more' ? '正在加载…' : '加载更多'}
          </Button>
        ) : null}
        <ActionError message={problemOf('more')} />
      </View>
    </View>
  );
}

/** 关闭: a red confirm; refused with the reasons, it offers 「把会员和活动移到上级工会」 (repeated until closed). */
function CloseOrg({ org, onClosed }: { org: Org; onClosed: () => void }) {
  const [refusal, setRefusal] = useState<{ message: string; canMove: boolean } | null>(null);
  const [moved, setMoved] = useState(0);
  const { run, busy, problemOf } = useAction();

  const close = (moveTo?: 'parent') =>
    run('close', async () => {
      if (!moveTo) {
        const { confirm } = await Taro.showModal({
          title: '关闭组织',
          content: `确定关闭“${org.name}”？关闭后不能在其下新建组织。`,
          confirmText: '关闭',
          confirmColor: '#c8102e',
        });
        if (!confirm) return;
      }
      try {
        for (let total = 0; ;) {
          const reply = await api.closeOrg({ params: { orgId: org.id }, body: moveTo ? { moveTo } : {} });
          total += reply.moved.members + reply.moved.activities;
          setMoved(total);
          if (reply.closed) break;
        }
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && e.fieldErrors) {
          const canMove = !e.fieldErrors.children && Boolean(e.fieldErrors.members || e.fieldErrors.activities);
          return setRefusal({ message: e.message, canMove });
        }
        throw e;
      }
      void Taro.showToast({ title: '组织已关闭', icon: 'success' });
      onClosed();
    });

  return (
    <View className="org-admin__close-area">
      <Button
        className="big-button big-button--ghost org-admin__action org-admin__close"
        disabled={busy !== null}
        onClick={() => void close()}
      >
        {busy ? (moved ? `已移动 ${moved} 项…` : '正在关闭…') : '关闭'}
      </Button>
      {refusal ? (
        <View className="org-admin__refusal" role="alert">
          <Text className="field-error">{refusal.message}</Text>
          {refusal.canMove ? (
            <Button
              className="big-button big-button--ghost"
              disabled={busy !== null}
              onClick={() => (setRefusal(null), void close('parent'))}
            >
              把会员和活动移到上级工会
            </Button>
          ) : null}
        </View>
      ) : null}
      <ActionError message={problemOf('close')} />
    </View>
  );
}

/** 移动: find the new parent by name (in the staff member's district), then move, repeating until done. */
function MoveOrg({ org, onMoved, onCancel }: { org: Org; onMoved: () => void; onCancel: () => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ orgs: Org[]; left: number } | null>(null);
  const [moved, setMoved] = useState(0);
  const { run, busy, problemOf } = useAction();
  const search = () =>
    run('search', async () => {
      if (!q.trim()) return;
      const open = (await api.searchOrgs({ query: { q: q.trim() } })).orgs.filter((o) => o.status === 'open');
      // never offered: the org itself and its own subtree (the server refuses them), or its present parent
      const orgs = open.filter((o) => !o.path.includes(org.id) && o.id !== org.parentId);
      setFound({ orgs, left: open.length - orgs.length });
    });
  const move = (target: Org) =>
    run('move', async () => {
      const { confirm } = await Taro.showModal({ title: '移动组织', content: `把“${org.name}”连同下级移到“${target.name}”之下？` });
      if (!confirm) return;
      for (let total = 0; ;) {
        const reply = await api.moveOrg({ params: { orgId: org.id }, body: { parentId: target.id } });
        total += reply.moved;
        setMoved(total);
        if (reply.done) break;
      }
      void Taro.showToast({ title: '已移动', icon: 'success' });
      onMoved();
    });
  return (
    <View className="card">
      <Text className="card__title">{`移动：${org.name}`}</Text>
      <Text className="join__label">新的上级工会</Text>
      <Input
        className="join__input"
        aria-label="新的上级工会"
        value={q}
        placeholder="输入名称开头，如 卢沟桥"
        confirmType="search"
        onInput={(e) => setQ(e.detail.value)}
        onConfirm={() => void search()}
      />
      <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={() => void search()}>
        查找
      </Button>
      <ActionError message={problemOf('search')} />
      {found?.orgs.length === 0 ? (
        <Text className="muted">
          {found.left > 0
            ? '找到的只有它自己、它的下级组织或它现在的上级，不能移到这些组织之下。请换个名称开头'
            : '没有找到，请换个名称开头'}
        </Text>
      ) : null}
      {found?.orgs.map((o) => (
        <View key={o.id} className="org-admin__child" role="button" onClick={() => void move(o)}>
          <Text className="org-admin__child-name">{o.name}</Text>
          <Text className="muted">{orgLevelLabel[o.level]}</Text>
        </View>
      ))}
      {busy === 'move' ? (
        <View role="status">
          <Text className="org-admin__progress">{`正在移动，已处理 ${moved} 个组织…`}</Text>
        </View>
      ) : null}
      <ActionError message={problemOf('move')} />
      <Button className="big-button big-button--ghost" onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
