import { useLayoutEffect } from 'react';
import { App, Button, Col, Drawer, Flex, Form, Input, Row, Switch } from 'antd';
import { CreateProductRequest, UpdateProductRequest } from '../../../contracts/products.js';
import { useT } from '../i18n/index.js';
import { useProblemHandler } from '../platform/problem.js';
import { maxLengthOf, rulesFor, toRequest } from '../platform/zodRule.js';
import { useCtrlEnter } from '../platform/useCtrlEnter.js';
import { useCreateProduct, useUpdateProduct, type TProduct } from './api.js';

const shape = CreateProductRequest.shape;

/** Add a model to the catalogue, or edit one (with a reason kept in its history). */
export function ProductDrawer({ product, open, onClose }: { product: TProduct | null; open: boolean; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const onProblem = useProblemHandler();
  const create = useCreateProduct();
  const update = useUpdateProduct(product?.id ?? '');
  const [form] = Form.useForm();
  const rules = rulesFor(UpdateProductRequest);
  const pending = create.isPending || update.isPending;

  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      product
        ? { model: product.model, spec: product.spec, nameZh: product.nameZh, nameEn: product.nameEn, inBom: product.inBom, notes: product.notes }
        : { inBom: true },
    );
  }, [open, product, form]);

  const submit = (values: Record<string, unknown>) => {
    const done = (p: TProduct) => {
      message.success(t('product.saved', { model: p.model }));
      onClose();
    };
    try {
      if (product)
        update.mutate(toRequest(UpdateProductRequest, { ...values, version: product.version }), { onSuccess: done, onError: (e) => onProblem(e, { form }) });
      else create.mutate(toRequest(CreateProductRequest, values), { onSuccess: done, onError: (e) => onProblem(e, { form }) });
    } catch (e) {
      onProblem(e);
    }
  };
  useCtrlEnter(open, () => form.submit());

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={product ? t('product.editTitle', { model: product.model }) : t('product.newTitle')}
      size={560}
      destroyOnHidden
      data-testid="product-drawer"
      footer={
        <Flex gap={8}>
          <Button type="primary" onClick={() => form.submit()} loading={pending} data-testid="product-save">
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Flex>
      }
    >
      <Form form={form} name="product" layout="vertical" onFinish={submit} disabled={pending}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="model" label={t('product.fields.model')} rules={rules.model}>
              <Input autoFocus maxLength={maxLengthOf(shape.model)} data-testid="product-model" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="spec" label={t('product.fields.spec')} rules={rules.spec}>
              <Input maxLength={maxLengthOf(shape.spec)} data-testid="product-spec" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameZh" label={t('product.fields.nameZh')} rules={rules.nameZh}>
              <Input maxLength={maxLengthOf(shape.nameZh)} data-testid="product-name-zh" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('product.fields.nameEn')} rules={rules.nameEn}>
              <Input maxLength={maxLengthOf(shape.nameEn)} data-testid="product-name-en" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="inBom" label={t('product.fields.inBom')} valuePropName="checked">
              <Switch data-testid="product-in-bom" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('product.fields.notes')} rules={rules.notes}>
              <Input.TextArea rows={3} maxLength={maxLengthOf(shape.notes)} data-testid="product-notes" />
            </Form.Item>
          </Col>
          {product && (
            <Col span={24}>
              <Form.Item name="reason" label={t('product.changeReason')} rules={rules.reason}>
                <Input maxLength={maxLengthOf(UpdateProductRequest.shape.reason)} data-testid="product-reason" />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Drawer>
  );
}
