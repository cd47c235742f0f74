import './words.js';
import { Button, Card, Form, Input, InputNumber, Select, Table, Typography } from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { ComplaintLinesRequest } from '../../../contracts/complaints.js';
import { useT } from '../i18n/index.js';
import { useFeatureT } from '../i18n/feature.js';
import { linesWords } from './lines-words.js';
import { NONE, fmtDate } from '../platform/format.js';
import { FormModal } from '../platform/FormModal.js';
import { toRequest } from '../platform/zodRule.js';
import { useComplaintWrite, useOrderLineOptions, type TComplaint } from './api.js';

type Line = TComplaint['lines'][number];

/**
 * What the complaint concerns, line by line: model, lot, quantities, and the order line / shipment it came with
 * (links to the order). Quantities only — no prices here, whoever reads it.
 */
export function ComplaintLinesCard({ c, canEdit, onEdit }: { c: TComplaint; canEdit: boolean; onEdit(): void }) {
  const t = useT();
  const w = useFeatureT(linesWords);
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={w('lines.title')}
      data-testid="complaint-lines"
      extra={
        canEdit && (
          <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="complaint-lines-edit">
            {w('lines.edit')}
          </Button>
        )
      }
    >
      <Table<Line>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.lines}
        scroll={{ x: 760 }}
        columns={[
          { title: w('lines.no'), dataIndex: 'lineNo', width: 48 },
          { title: t('complaint.fields.model'), dataIndex: 'model', width: 120, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('complaint.fields.lot'), dataIndex: 'lot', width: 110, render: (v: string | null) => v ?? NONE },
          {
            title: t('complaint.fields.deliveredQuantity'),
            dataIndex: 'deliveredQuantity',
            width: 90,
            align: 'right',
            render: (v: number | null) => v?.toLocaleString() ?? NONE,
          },
          {
            title: t('complaint.fields.defectiveQuantity'),
            dataIndex: 'defectiveQuantity',
            width: 90,
            align: 'right',
            render: (v: number) => <Typography.Text type="danger">{v.toLocaleString()}</Typography.Text>,
          },
          { title: w('lines.returned'), dataIndex: 'returnedQuantity', width: 90, align: 'right', render: (v: number | null) => v?.toLocaleString() ?? NONE },
          {
            title: w('lines.order'),
            key: 'order',
            render: (_: unknown, l) =>
              l.order ? (
                <Link to={`/orders/${l.order.id}`} data-testid="complaint-line-order">
                  {w('lines.orderLine', { number: l.order.number, line: l.order.lineNo })}
                  {l.order.customerPo ? ` · ${l.order.customerPo}` : ''}
                </Link>
              ) : (
                <Typography.Text type="secondary">{w('lines.noOrder')}</Typography.Text>
              ),
          },
          {
            title: w('lines.shipment'),
            key: 'shipment',
            width: 170,
            render: (_: unknown, l) =>
              l.shipment ? (
                <span data-testid="complaint-line-shipment">
                  {w('lines.shipmentOf', { at: fmtDate(l.shipment.shippedAt), qty: l.shipment.quantity.toLocaleString() })}
                </span>
              ) : (
                NONE
              ),
          },
        ]}
      />
    </Card>
  );
}

/** Edit the lines: the order line and shipment pickers offer only this customer's orders. */
export function ComplaintLinesDialog({ c, open, onClose, onReload }: { c: TComplaint; open: boolean; onClose(): void; onReload(): void }) {
  const t = useT();
  const w = useFeatureT(linesWords);
  const write = useComplaintWrite(c.id);
  const { data: options } = useOrderLineOptions(c.partyId, open);
  const req = [{ required: true, message: t('form.required') }];
  const lineOptions = (options?.items ?? []).map((o) => ({
    value: o.lineId,
    label: `${w('lines.orderLine', { number: o.orderNumber, line: o.lineNo })}${o.customerPo ? ` · ${o.customerPo}` : ''} · ${o.model} × ${o.quantity.toLocaleString()}`,
  }));
  return (
    <FormModal
      open={open}
      title={w('lines.title')}
      hint={w('lines.hint')}
      testId="complaint-lines-dialog"
      width={1080}
      pending={write.isPending}
      onClose={onClose}
      onReload={onReload}
      initial={() => ({
        lines: c.lines.map((l) => ({
          model: l.model,
          lot: l.lot,
          deliveredQuantity: l.deliveredQuantity,
          defectiveQuantity: l.defectiveQuantity,
          returnedQuantity: l.returnedQuantity,
          orderLineId: l.orderLineId,
          shipmentId: l.shipment?.id ?? null,
        })),
      })}
      onSubmit={(v) => write.mutateAsync({ method: 'PUT', path: 'lines', body: toRequest(ComplaintLinesRequest, { ...v, version: c.version }) })}
    >
      {(form) => (
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div
                  key={f.key}
                  style={{ display: 'grid', gridTemplateColumns: '110px 100px 90px 90px 90px minmax(0, 1fr) 150px 20px', gap: 6, alignItems: 'start' }}
                  data-testid={`line-${i}`}
                >
                  <Form.Item name={[f.name, 'model']} label={i === 0 ? t('complaint.fields.model') : undefined} rules={req}>
                    <Input maxLength={80} data-testid={`line-${i}-model`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'lot']} label={i === 0 ? t('complaint.fields.lot') : undefined}>
                    <Input maxLength={80} data-testid={`line-${i}-lot`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'deliveredQuantity']} label={i === 0 ? t('complaint.fields.deliveredQuantity') : undefined}>
                    <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`line-${i}-delivered`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'defectiveQuantity']} label={i === 0 ? t('complaint.fields.defectiveQuantity') : undefined} rules={req}>
                    <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`line-${i}-defective`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'returnedQuantity']} label={i === 0 ? w('lines.returned') : undefined}>
                    <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid={`line-${i}-returned`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'orderLineId']} label={i === 0 ? w('lines.pickOrder') : undefined}>
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      options={lineOptions}
                      placeholder={w('lines.noOrder')}
                      data-testid={`line-${i}-order`}
                      onChange={(lineId: string | undefined) => {
                        const o = options?.items.find((x) => x.lineId === lineId);
                        // a shipment of another line does not stay chosen
                        const ship = form.getFieldValue(['lines', f.name, 'shipmentId']) as string | null | undefined;
                        if (ship && !o?.shipments.some((s) => s.id === ship)) form.setFieldValue(['lines', f.name, 'shipmentId'], null);
                        if (o && !form.getFieldValue(['lines', f.name, 'model'])) form.setFieldValue(['lines', f.name, 'model'], o.model);
                      }}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const lineId = form.getFieldValue(['lines', f.name, 'orderLineId']) as string | null | undefined;
                      const ships = options?.items.find((x) => x.lineId === lineId)?.shipments ?? [];
                      return (
                        <Form.Item name={[f.name, 'shipmentId']} label={i === 0 ? w('lines.pickShipment') : undefined}>
                          <Select
                            allowClear
                            disabled={!lineId}
                            options={ships.map((s) => ({
                              value: s.id,
                              label: w('lines.shipmentOf', { at: fmtDate(s.shippedAt), qty: s.quantity.toLocaleString() }),
                            }))}
                            data-testid={`line-${i}-shipment`}
                          />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                  <div style={{ paddingTop: i === 0 ? 34 : 6 }}>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} data-testid={`line-${i}-remove`} />}
                  </div>
                </div>
              ))}
              <Button type="dashed" onClick={() => add({ model: c.model, lot: c.lot })} icon={<PlusOutlined />} data-testid="line-add">
                {w('lines.add')}
              </Button>
            </>
          )}
        </Form.List>
      )}
    </FormModal>
  );
}
