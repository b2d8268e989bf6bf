import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { orgLevelLabel, type OrgNode } from '@shared/schemas/org';
import './org-tree-view.css';

/** The union org tree, two levels open by default; tap a row to open or close it. */
export function OrgTreeView({ roots, openDepth = 2 }: { roots: OrgNode[]; openDepth?: number }) {
  return (
    <View className="org-tree" role="tree">
      {roots.map((node) => (
        <OrgRow key={node.id} node={node} depth={0} openDepth={openDepth} />
      ))}
    </View>
  );
}

function OrgRow({ node, depth, openDepth }: { node: OrgNode; depth: number; openDepth: number }) {
  const [open, setOpen] = useState(depth < openDepth);
  const hasChildren = node.children.length > 0;
  return (
    <View role="treeitem" aria-expanded={hasChildren ? open : undefined}>
      <View
        className={`org-tree__row org-tree__row--${node.level}`}
        style={{ paddingLeft: `${24 + depth * 40}px` }}
        onClick={() => hasChildren && setOpen(!open)}
      >
        <Text className="org-tree__toggle">{hasChildren ? (open ? '▾' : '▸') : '·'}</Text>
        <Text className="org-tree__name">{node.name}</Text>
        <Text className="org-tree__level">{orgLevelLabel[node.level]}</Text>
      </View>
      {open ? node.children.map((child) => <OrgRow key={child.id} node={child} depth={depth + 1} openDepth={openDepth} />) : null}
    </View>
  );
}
