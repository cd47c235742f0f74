import type { ReactNode } from 'react';
import { Alert, Card, Col, Flex, Row, Skeleton, Tag, Typography } from 'antd';
import { ApartmentOutlined, BankOutlined, NodeIndexOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useLocalized } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { api } from '../api/client.js';
import { PageHeader } from '../platform/PageHeader.js';
import { useDepartments } from '../identity/index.js';
import { useAllProcedures, useProcedureList, type TProcedureDefinition } from './api.js';

/** The page's words travel with it (i18n/feature.ts): few users open it. */
const words = {
  'zh-CN': {
    title: '过程全景图',
    hint: '公司 → 部门 → 程序：由各程序定义文件（乌龟图的责任部门与流程图的泳道）生成。点击程序查看其乌龟图或流程图。',
    company: '公司',
    department: '部门',
    procedure: '程序',
    owns: '负责的程序',
    takesPart: '参与的程序',
    none: '无',
    flowchart: '流程图',
    turtle: '乌龟图',
    steps: '{n} 个步骤',
    lanes: '涉及部门：{list}',
    unassigned: '未归属部门',
    loadFailed: '加载失败',
  },
  'en-US': {
    title: 'Process landscape',
    hint: "Company → department → procedure, drawn from the procedure definitions (the turtle's owner and the flowchart's swimlanes). Open a procedure's turtle diagram or flowchart from its box.",
    company: 'Company',
    department: 'Department',
    procedure: 'Procedure',
    owns: 'Owns',
    takesPart: 'Takes part in',
    none: 'None',
    flowchart: 'Flowchart',
    turtle: 'Turtle diagram',
    steps: '{n} steps',
    lanes: 'Departments involved: {list}',
    unassigned: 'No department',
    loadFailed: 'Could not load',
  },
};

interface Dept {
  code: string;
  name: string;
  owns: TProcedureDefinition[];
  takesPart: TProcedureDefinition[];
}

export function ProcessLandscapePage() {
  const w = useFeatureT(words);
  const loc = useLocalized();
  const list = useProcedureList();
  const defs = useAllProcedures();
  const depts = useDepartments();
  const org = useQuery({ queryKey: ['organisation'], queryFn: () => api.get<{ name: { zh: string; en: string } }>('/api/organisation'), staleTime: Infinity });
  const loading = list.isLoading || depts.isLoading || (list.data && defs.length < list.data.items.length);
  const deptName = (code: string) => {
    const d = depts.data?.items.find((x) => x.code === code);
    return d ? loc(d.name) : code;
  };

  const columns: Dept[] = [];
  if (!loading && depts.data) {
    const byCode = new Map<string, Dept>();
    for (const d of [...depts.data.items].filter((x) => x.active).sort((a, b) => a.sort - b.sort))
      byCode.set(d.code, { code: d.code, name: loc(d.name), owns: [], takesPart: [] });
    for (const def of [...defs].sort((a, b) => a.documentNo.localeCompare(b.documentNo))) {
      const owner = def.turtle.owner;
      if (!byCode.has(owner)) byCode.set(owner, { code: owner, name: deptName(owner), owns: [], takesPart: [] });
      byCode.get(owner)!.owns.push(def);
      for (const lane of new Set(def.steps.map((s) => s.lane))) {
        if (lane === owner) continue;
        if (!byCode.has(lane)) byCode.set(lane, { code: lane, name: deptName(lane), owns: [], takesPart: [] });
        byCode.get(lane)!.takesPart.push(def);
      }
    }
    columns.push(...[...byCode.values()].filter((d) => d.owns.length || d.takesPart.length));
  }

  const level = (icon: ReactNode, text: string) => (
    <Tag icon={icon} color="default" style={{ marginRight: 8 }}>
      {text}
    </Tag>
  );

  return (
    <>
      <PageHeader title={w('title')} subtitle={w('hint')} />
      {(list.error || depts.error) && <Alert type="error" showIcon title={w('loadFailed')} style={{ marginBottom: 12 }} />}
      {loading ? (
        <Skeleton active />
      ) : (
        <div data-testid="process-landscape">
          <Card size="small" style={{ borderColor: '#1677ff', background: '#f0f5ff', textAlign: 'center' }} data-testid="landscape-company">
            {level(<BankOutlined />, w('company'))}
            <Typography.Text strong style={{ fontSize: 16 }}>
              {org.data ? loc(org.data.name) || 'Accord' : '…'}
            </Typography.Text>
          </Card>
          <div style={{ width: 2, height: 16, background: '#91caff', margin: '0 auto' }} />
          {columns.length ? (
            <Row gutter={[12, 12]} style={{ borderTop: '2px solid #91caff', paddingTop: 12 }}>
              {columns.map((d) => (
                <Col key={d.code} xs={24} sm={12} lg={8} xxl={6}>
                  <Card
                    size="small"
                    data-testid={`landscape-dept-${d.code}`}
                    title={
                      <span>
                        {level(<TeamOutlined />, w('department'))}
                        {d.name}
                      </span>
                    }
                    style={{ height: '100%' }}
                  >
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {w('owns')}
                    </Typography.Text>
                    <Flex vertical gap={8} style={{ margin: '6px 0 10px' }}>
                      {d.owns.length ? (
                        d.owns.map((p) => (
                          <Card key={p.id} size="small" type="inner" style={{ background: '#fafafa' }} data-testid={`landscape-proc-${d.code}-${p.id}`}>
                            <div>
                              {level(<ApartmentOutlined />, w('procedure'))}
                              <Typography.Text strong>{loc(p.title)}</Typography.Text>
                            </div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              <Typography.Text code>{p.documentNo}</Typography.Text> v{p.version} · {w('steps', { n: p.steps.length })}
                            </Typography.Text>
                            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                              {w('lanes', { list: [...new Set(p.steps.map((s) => s.lane))].map(deptName).join('、') })}
                            </div>
                            <Flex gap={12} style={{ marginTop: 4 }}>
                              <Link to={`/procedures/${p.id}?tab=turtle`} data-testid={`landscape-turtle-${p.id}`}>
                                <NodeIndexOutlined /> {w('turtle')}
                              </Link>
                              <Link to={`/procedures/${p.id}`} data-testid={`landscape-flowchart-${p.id}`}>
                                <ApartmentOutlined /> {w('flowchart')}
                              </Link>
                            </Flex>
                          </Card>
                        ))
                      ) : (
                        <Typography.Text type="secondary">{w('none')}</Typography.Text>
                      )}
                    </Flex>
                    {d.takesPart.length > 0 && (
                      <>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {w('takesPart')}
                        </Typography.Text>
                        <Flex wrap gap={4} style={{ marginTop: 4 }}>
                          {d.takesPart.map((p) => (
                            <Link key={p.id} to={`/procedures/${p.id}`}>
                              <Tag>{loc(p.title)}</Tag>
                            </Link>
                          ))}
                        </Flex>
                      </>
                    )}
                  </Card>
                </Col>
              ))}
            </Row>
          ) : (
            <Typography.Text type="secondary">{w('none')}</Typography.Text>
          )}
        </div>
      )}
    </>
  );
}
