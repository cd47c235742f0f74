import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import {
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  getSmoothStepPath,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Alert, Flex, Select, Skeleton, Switch, Tooltip, Typography } from 'antd';
import { useFeatureT } from '../i18n/feature.js';
import { ClockCircleOutlined } from '@ant-design/icons';
import { procedureDiagram, type DiagramNode } from '../../../contracts/procedure-diagram.js';
import { useLocalized, useT } from '../i18n/index.js';
import { useDepartmentName } from '../identity/index.js';
import type { DiagramCounts, StepCounts, TProcedureDefinition } from './api.js';
import { DEFAULT_LAYOUT, edgeSides, elkGraph, placeInLanes, type FlowLayout, type Side } from './flowLayout.js';
import { useDeadlineText } from './labels.js';

/** The flowchart's own words (not in the shared dictionary: only this page shows them). */
const words = {
  'zh-CN': { returns: '显示退回路线（{n}）', focus: '聚焦泳道', allLanes: '全部泳道', pan: '拖动画布平移，右下角按钮缩放' },
  'en-US': {
    returns: 'Show return paths ({n})',
    focus: 'Focus on a lane',
    allLanes: 'All lanes',
    pan: 'Drag to pan; zoom with the buttons at the bottom right',
  },
};
/** The smallest text in the chart is 11 px at zoom 1: the chart opens no smaller, wide ones scroll instead. */
export const READABLE_ZOOM = 1;
const MAX_HEIGHT = 620;

export const COUNT_COLORS = { open: '#1657d9', dueSoon: '#d46b08', overdue: '#cf1322' } as const;

const SIDE_POSITION: Record<Side, Position> = { l: Position.Left, r: Position.Right, t: Position.Top, b: Position.Bottom };
const hidden = { opacity: 0, pointerEvents: 'none' as const, width: 6, height: 6, minWidth: 0, minHeight: 0, border: 0 };

/** One hidden source and target handle on each side; the layout picks which an edge uses. */
function Handles() {
  return (
    <>
      {(['l', 'r', 't', 'b'] as const).map((s) => (
        <Handle key={`${s}-s`} id={`${s}-s`} type="source" position={SIDE_POSITION[s]} style={hidden} isConnectable={false} />
      ))}
      {(['l', 'r', 't', 'b'] as const).map((s) => (
        <Handle key={`${s}-t`} id={`${s}-t`} type="target" position={SIDE_POSITION[s]} style={hidden} isConnectable={false} />
      ))}
    </>
  );
}

interface StepData extends Record<string, unknown> {
  node: DiagramNode;
  name: string;
  deadline: string;
  departments: string[];
  counts: StepCounts | undefined;
  width: number;
  height: number;
  open?: () => void;
}

function Counts({ counts }: { counts: StepCounts | undefined }) {
  const t = useT();
  const c = counts ?? { open: 0, dueSoon: 0, overdue: 0 };
  const pill = (key: keyof typeof COUNT_COLORS, n: number, label: string) => (
    <Tooltip title={`${label}: ${n}`} key={key}>
      <span
        data-testid={`flow-count-${key}`}
        style={{
          display: 'inline-block',
          minWidth: 22,
          padding: '0 6px',
          borderRadius: 10,
          fontSize: 12,
          lineHeight: '18px',
          textAlign: 'center',
          fontWeight: n ? 600 : 400,
          color: n ? '#fff' : '#8c8c8c',
          background: n ? COUNT_COLORS[key] : '#f0f0f0',
        }}
      >
        {n}
      </span>
    </Tooltip>
  );
  return (
    <Flex
      gap={4}
      justify="center"
      aria-label={`${t('procedure.counts.open')} ${c.open} · ${t('procedure.counts.dueSoon')} ${c.dueSoon} · ${t('procedure.counts.overdue')} ${c.overdue}`}
    >
      {pill('open', c.open, t('procedure.counts.open'))}
      {pill('dueSoon', c.dueSoon, t('procedure.counts.dueSoon'))}
      {pill('overdue', c.overdue, t('procedure.counts.overdue'))}
    </Flex>
  );
}

const StepNode = memo(function StepNode({ data }: NodeProps<Node<StepData>>) {
  const t = useT();
  const { node, name, deadline, departments, counts, width, height } = data;
  const testid = node.stepId ? `flow-node-${node.stepId}` : 'flow-node-start';
  const common = {
    'data-testid': testid,
    'data-open': counts?.open ?? 0,
    'data-due-soon': counts?.dueSoon ?? 0,
    'data-overdue': counts?.overdue ?? 0,
    'data-kind': node.kind,
  };
  if (node.kind === 'start' || node.kind === 'end') {
    const start = node.kind === 'start';
    return (
      <div {...common} title={name} style={{ width, height, position: 'relative' }}>
        <div
          style={{
            width,
            height,
            borderRadius: '50%',
            boxSizing: 'border-box',
            border: start ? '2px solid #389e0d' : '5px double #262626',
            background: start ? '#f6ffed' : '#fff',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontSize: 11,
            color: start ? '#237804' : '#262626',
            fontWeight: start ? 400 : 600,
            cursor: start ? 'default' : 'pointer',
          }}
        >
          {start ? t('procedure.flow.start') : t('procedure.flow.end')}
        </div>
        <div style={{ position: 'absolute', top: height + 4, left: -40, width: width + 80, textAlign: 'center', fontSize: 12, color: '#434343' }}>{name}</div>
        <Handles />
      </div>
    );
  }
  const signoff = node.kind === 'signoff';
  const overdue = (counts?.overdue ?? 0) > 0;
  return (
    <div
      {...common}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          data.open?.();
        }
      }}
      style={{
        width,
        height,
        boxSizing: 'border-box',
        borderRadius: signoff ? 2 : 12,
        border: `${signoff ? 2 : 1.5}px solid ${overdue ? COUNT_COLORS.overdue : signoff ? '#531dab' : '#1657d9'}`,
        background: signoff ? '#f9f0ff' : '#fff',
        boxShadow: '0 1px 3px rgba(16,24,40,.12)',
        padding: '6px 8px',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        cursor: 'pointer',
      }}
    >
      <div
        style={{ textAlign: 'center', fontWeight: 600, fontSize: 13, lineHeight: '18px', overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}
      >
        {signoff && name !== t('procedure.flow.signoff') && <span style={{ color: '#531dab', fontWeight: 400 }}>{t('procedure.flow.signoff')} · </span>}
        {name}
      </div>
      {signoff && (
        <div style={{ fontSize: 12, lineHeight: '18px', color: '#531dab' }}>
          {departments.map((d) => (
            <div key={d} style={{ overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' }}>
              ☐ {d}
            </div>
          ))}
        </div>
      )}
      <div style={{ textAlign: 'center', fontSize: 12, color: deadline ? '#595959' : '#bfbfbf', lineHeight: '18px' }} data-testid="flow-deadline">
        <ClockCircleOutlined /> {deadline || t('procedure.flow.noDeadline')}
      </div>
      <Counts counts={counts} />
      <Handles />
    </div>
  );
});

interface LaneData extends Record<string, unknown> {
  title: string;
  width: number;
  height: number;
  index: number;
}

const LaneNode = memo(function LaneNode({ data }: NodeProps<Node<LaneData>>) {
  return (
    <div
      data-testid="flow-lane"
      style={{
        width: data.width,
        height: data.height,
        display: 'flex',
        borderTop: data.index === 0 ? '1px solid #d0d7e2' : undefined,
        borderBottom: '1px solid #d0d7e2',
        background: data.index % 2 ? '#fafbfd' : '#fff',
        pointerEvents: 'none',
      }}
    >
      <div
        style={{
          width: DEFAULT_LAYOUT.laneHeader,
          flex: 'none',
          background: '#eef2f8',
          borderRight: '1px solid #d0d7e2',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          padding: 8,
          boxSizing: 'border-box',
          textAlign: 'center',
          fontWeight: 600,
          fontSize: 13,
          color: '#1f2a44',
        }}
      >
        {data.title}
      </div>
    </div>
  );
});

interface FlowEdgeData extends Record<string, unknown> {
  label: string;
  kind: 'flow' | 'approve' | 'reject';
  route: string;
  /** where the horizontal run goes: along the edge of the source's lane, clear of its nodes */
  centerY?: number;
}

const EDGE_COLORS = { flow: '#5b6b82', approve: '#389e0d', reject: '#cf1322' } as const;
const OFFSET = 26;

function FlowEdge(props: EdgeProps<Edge<FlowEdgeData>>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data } = props;
  const centerY = data?.centerY;
  const [path, lx, ly] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, borderRadius: 10, offset: OFFSET, centerY });
  const kind = data?.kind ?? 'flow';
  const color = EDGE_COLORS[kind];
  // over the top / under the nodes / along a lane edge: the label sits on the long horizontal run
  let x = lx;
  let y = ly;
  if (data?.route === 't-t') y = Math.min(sourceY, targetY) - OFFSET;
  if (data?.route === 'b-b') y = Math.max(sourceY, targetY) + OFFSET;
  if (centerY !== undefined) y = centerY;
  if (data?.route === 't-t' || data?.route === 'b-b' || centerY !== undefined) x = (sourceX + targetX) / 2;
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke: color, strokeWidth: 1.6, strokeDasharray: kind === 'reject' ? '6 4' : undefined }}
      />
      {data?.label && (
        <EdgeLabelRenderer>
          <div
            data-testid={`flow-edge-${props.id}`}
            data-kind={kind}
            style={{
              position: 'absolute',
              transform: `translate(-50%, -50%) translate(${x}px, ${y}px)`,
              background: '#fff',
              border: `1px solid ${kind === 'flow' ? '#d9d9d9' : color}`,
              color: kind === 'flow' ? '#262626' : color,
              borderRadius: 4,
              padding: '0 6px',
              fontSize: 11,
              lineHeight: '18px',
              whiteSpace: 'nowrap',
              maxWidth: 150,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              pointerEvents: 'all',
            }}
            title={data.label}
          >
            {data.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** The element's width, kept up to date. */
function useWidth(): [(el: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useMemo(
    () => (typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width ?? 0))),
    [],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      observer?.disconnect();
      if (el) {
        setWidth(el.clientWidth);
        observer?.observe(el);
      }
    },
    [observer],
  );
  return [ref, width];
}

const nodeTypes = { step: StepNode, lane: LaneNode };
const edgeTypes = { flow: FlowEdge };

/** elk runs once per definition; it is big, so it loads with the first flowchart. */
function useLayout(def: TProcedureDefinition) {
  const diagram = useMemo(() => procedureDiagram(def), [def]);
  const [state, setState] = useState<{ layout: FlowLayout | null; error: unknown }>({ layout: null, error: null });
  useEffect(() => {
    let cancelled = false;
    setState({ layout: null, error: null });
    (async () => {
      const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
      const result = await new ELK().layout(elkGraph(diagram));
      if (!cancelled) setState({ layout: placeInLanes(diagram, result), error: null });
    })().catch((error: unknown) => {
      if (!cancelled) setState({ layout: null, error });
    });
    return () => {
      cancelled = true;
    };
  }, [diagram]);
  return { diagram, ...state };
}

/**
 * 跨职能流程图: one swimlane per responsible department, steps with their deadline and
 * live counts (open · due within 24 h · overdue); a click on a step lists its records.
 */
export function Flowchart({ def, counts, onStep }: { def: TProcedureDefinition; counts: DiagramCounts | undefined; onStep(stepId: string): void }) {
  const t = useT();
  const loc = useLocalized();
  const deptName = useDepartmentName();
  const deadlineText = useDeadlineText();
  const ft = useFeatureT(words);
  const { diagram, layout, error } = useLayout(def);
  const [ref, width] = useWidth();
  const laneTitle = (code: string) => (counts?.departments[code] ? loc(counts.departments[code]) : deptName(code));
  const returnCount = diagram.edges.filter((e) => e.kind === 'reject').length;
  // one or two return paths read at a glance; more (the order procedure has four) cross the main path: on demand
  const [showReturns, setShowReturns] = useState(returnCount <= 2);
  const [focusLane, setFocusLane] = useState<string | null>(null);
  const [hover, setHover] = useState<string | null>(null);

  const { nodes, edges } = useMemo(() => {
    if (!layout) return { nodes: [] as Node[], edges: [] as Edge[] };
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    const lanes: Node<LaneData>[] = layout.lanes.map((band, index) => ({
      id: `lane:${band.id}`,
      type: 'lane',
      position: { x: 0, y: band.y },
      data: { title: laneTitle(band.id), width: layout.width, height: band.height, index },
      draggable: false,
      selectable: false,
      focusable: false,
      zIndex: -1,
      style: { width: layout.width, height: band.height },
    }));
    const steps: Node<StepData>[] = diagram.nodes.map((n) => {
      const p = byId.get(n.id)!;
      const step = def.steps.find((s) => s.id === n.stepId);
      return {
        id: n.id,
        type: 'step',
        position: { x: p.x, y: p.y },
        data: {
          node: n,
          name: loc(n.name),
          deadline: deadlineText(step?.deadline),
          departments: n.signoffDepartments.map(laneTitle),
          counts: counts?.steps.find((c) => c.stepId === n.stepId),
          width: p.width,
          height: p.height,
          open: n.stepId ? () => onStep(n.stepId!) : undefined,
        },
        draggable: false,
        selectable: false,
        style: { width: p.width, height: p.height, opacity: focusLane && p.lane !== focusLane ? 0.25 : 1, transition: 'opacity 120ms' },
      };
    });
    const flowEdges: Edge<FlowEdgeData>[] = diagram.edges
      .filter((e) => byId.has(e.from) && byId.has(e.to) && (showReturns || e.kind !== 'reject'))
      .map((e) => {
        const from = byId.get(e.from)!;
        const to = byId.get(e.to)!;
        const sides = edgeSides(from, to, layout.nodes);
        const color = EDGE_COLORS[e.kind];
        // back to another lane: run along the source lane's near edge instead of through the lane between
        const band = layout.lanes.find((b) => b.id === from.lane)!;
        const back = to.x + to.width <= from.x + 1 && from.lane !== to.lane;
        const centerY = back ? (sides.source === 't' ? band.y + 16 : band.y + band.height - 16) : undefined;
        return {
          id: e.id,
          source: e.from,
          target: e.to,
          sourceHandle: `${sides.source}-s`,
          targetHandle: `${sides.target}-t`,
          type: 'flow',
          data: { label: e.label ? loc(e.label) : '', kind: e.kind, route: `${sides.source}-${sides.target}`, centerY },
          markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
          focusable: false,
          // a lane in focus keeps the paths that touch it; a step under the pointer keeps its own
          style: {
            opacity: (focusLane && from.lane !== focusLane && to.lane !== focusLane) || (hover && e.from !== hover && e.to !== hover) ? 0.12 : 1,
            transition: 'opacity 120ms',
          },
          zIndex: hover && (e.from === hover || e.to === hover) ? 5 : 0,
        };
      });
    return { nodes: [...lanes, ...steps] as Node[], edges: flowEdges as Edge[] };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, diagram, def, counts, loc, deadlineText, deptName, onStep, showReturns, focusLane, hover]);

  if (error) return <Alert type="error" showIcon title={t('procedure.flow.layoutFailed')} description={String(error)} />;
  if (!layout) return <Skeleton active paragraph={{ rows: 6 }} />;
  // drawn at the width available when it fits at a readable size; a wider chart opens at its start, readable, and pans
  const fitZoom = width ? Math.min(1, (width - 24) / layout.width) : 1;
  const fits = fitZoom >= READABLE_ZOOM;
  const zoom = fits ? fitZoom : READABLE_ZOOM;
  const height = Math.min(Math.max(layout.height * zoom + 48, 200), MAX_HEIGHT);
  return (
    <div>
      <Flex gap={16} wrap align="center" style={{ marginBottom: 8 }}>
        {returnCount > 0 && (
          <Flex gap={6} align="center">
            <Switch
              size="small"
              checked={showReturns}
              onChange={setShowReturns}
              data-testid="flow-show-returns"
              aria-label={ft('returns', { n: returnCount })}
            />
            <Typography.Text style={{ fontSize: 12 }}>{ft('returns', { n: returnCount })}</Typography.Text>
          </Flex>
        )}
        {layout.lanes.length > 1 && (
          <Select
            size="small"
            style={{ minWidth: 180 }}
            value={focusLane ?? ''}
            onChange={(v: string) => setFocusLane(v || null)}
            aria-label={ft('focus')}
            data-testid="flow-focus-lane"
            options={[{ value: '', label: ft('allLanes') }, ...layout.lanes.map((b) => ({ value: b.id, label: `${ft('focus')}：${laneTitle(b.id)}` }))]}
          />
        )}
        {!fits && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {ft('pan')}
          </Typography.Text>
        )}
      </Flex>
      <div ref={ref} data-testid="procedure-flowchart" style={{ height, border: '1px solid #e8eaee', borderRadius: 6, background: '#fff' }}>
        {width > 0 && (
          <ReactFlow
            // the first view is set when the chart mounts: mount again when the box changes size
            key={`${Math.round(width)}x${Math.round(height)}`}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            fitView={fits}
            fitViewOptions={{ padding: 0.04, maxZoom: 1 }}
            defaultViewport={fits ? undefined : { x: 8, y: 8, zoom: READABLE_ZOOM }}
            minZoom={0.25}
            maxZoom={1.6}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            zoomOnScroll={false}
            preventScrolling={false}
            // a node with a click handler gets pointer events (React Flow leaves others inert)
            onNodeClick={(_, n) => (n.data as Partial<StepData>).open?.()}
            onNodeMouseEnter={(_, n) => n.type === 'step' && setHover(n.id)}
            onNodeMouseLeave={() => setHover(null)}
          >
            <Controls showInteractive={false} position="bottom-right" />
          </ReactFlow>
        )}
      </div>
    </div>
  );
}

export function CountsLegend() {
  const t = useT();
  const dot = (color: string) => <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: color, marginInlineEnd: 4 }} />;
  return (
    <Flex gap={16} wrap align="center">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {dot(COUNT_COLORS.open)}
        {t('procedure.counts.open')}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {dot(COUNT_COLORS.dueSoon)}
        {t('procedure.counts.dueSoon')}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {dot(COUNT_COLORS.overdue)}
        {t('procedure.counts.overdue')}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <span style={{ display: 'inline-block', width: 22, borderTop: `2px dashed ${EDGE_COLORS.reject}`, verticalAlign: 'middle', marginInlineEnd: 4 }} />
        {t('procedure.flow.rejectLegend')}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('procedure.flow.clickHint')}
      </Typography.Text>
    </Flex>
  );
}
