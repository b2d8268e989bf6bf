import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { orgLevelLabel, type Org, type OrgNode } from '@shared/schemas/org';
import { useOrgChildren, type Pages } from './use-org-tree';
import './org-tree-view.css';

const indent = (depth: number) => ({ paddingLeft: `${24 + depth * 40}px` });

/**
 * The union org tree, read a level at a time: the roots come with their first page of children
 * (`rootCursor` continues them) and open; any other org that may have children opens on tap and
 * then loads its children, 50 at a time.
 */
export function OrgTreeView({ roots, rootCursor }: { roots: OrgNode[]; rootCursor?: string }) {
  return (
    <View className="org-tree" role="tree">
      {roots.map((node) => (
        <OrgRow key={node.id} org={node} depth={0} first={{ orgs: node.children, cursor: rootCursor }} />
      ))}
    </View>
  );
}

/** Children that came with the answer (a root's, or a whole tree from an older API) count as loaded. */
const given = (org: Org): { orgs: Org[] } | undefined => {
  const children = (org as Partial<OrgNode>).children;
  return children && children.length > 0 ? { orgs: children } : undefined;
};

function OrgRow({ org, depth, first }: { org: Org; depth: number; first?: { orgs: Org[]; cursor?: string } }) {
  const start = first ?? given(org);
  const children = useOrgChildren(org.id, start);
  // hasChildren is only a hint: false means a leaf, true or absent means "open to see"
  const expandable = org.hasChildren !== false || (start?.orgs.length ?? 0) > 0;
  const [open, setOpen] = useState(depth === 0 && Boolean(first));
  const toggle = () => {
    if (!expandable) return;
    if (!open) children.start();
    setOpen(!open);
  };
  return (
    <View role="treeitem" aria-expanded={expandable ? open : undefined} data-org={org.id}>
      <View
        className={`org-tree__row org-tree__row--${org.level}`}
        style={indent(depth)}
        onClick={toggle}
        aria-label={expandable ? `${org.name}，${open ? '收起' : '展开'}下级` : org.name}
      >
        <Text className="org-tree__toggle">{expandable ? (open ? '▾' : '▸') : '·'}</Text>
        <Text className="org-tree__name">{org.name}</Text>
        <Text className="org-tree__level">{orgLevelLabel[org.level]}</Text>
      </View>
      {open ? <OrgChildren pages={children} depth={depth + 1} /> : null}
    </View>
  );
}

function OrgChildren({ pages, depth }: { pages: Pages; depth: number }) {
  const { orgs, loading, error } = pages;
  return (
    <View role="group">
      {orgs?.map((child) => (
        <OrgRow key={child.id} org={child} depth={depth} />
      ))}
      {orgs && orgs.length === 0 && !loading && !error ? (
        <View className="org-tree__note" style={indent(depth)}>
          <Text>暂无下级组织</Text>
        </View>
      ) : null}
      <PageFooter pages={pages} style={indent(depth)} />
    </View>
  );
}

/** Under a list read by pages: loading, the error with 重试, or 加载更多 while there is a cursor. */
export function PageFooter({ pages, style }: { pages: Pages; style?: Record<string, string> }) {
  const { cursor, loading, error } = pages;
  if (loading)
    return (
      <View className="org-tree__note" style={style} aria-busy="true">
        <Text>正在加载…</Text>
      </View>
    );
  if (error)
    return (
      <View className="org-tree__note org-tree__note--error" style={style} role="alert">
        <Text className="org-tree__error">{error.message}</Text>
        <Button className="org-tree__action" onClick={pages.retry}>
          重试
        </Button>
      </View>
    );
  if (cursor)
    return (
      <View className="org-tree__note" style={style}>
        <Button className="org-tree__action" onClick={pages.more}>
          加载更多
        </Button>
      </View>
    );
  return null;
}
