import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Row, Space, Spin, Typography, type FormInstance } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { declarationsApi } from '../../../api/endpoints';
import type { CurrentUser, Declaration, FieldError } from '../../../api/types';
import { useCurrentUser } from '../../../app/auth';
import { ApiErrorAlert, useFieldErrorMessage, useNotifyError } from '../../../shared/errors';
import { StateTag } from '../tags';
import { AutosaveIndicator } from './AutosaveIndicator';
import { fieldNameForPath, fromDeclaration, type FieldName, type FormValues } from './formModel';
import { HeaderSection } from './HeaderSection';
import { ItemsSection } from './ItemsSection';
import { TaxPreviewPanel } from './TaxPreviewPanel';
import { useDraftAutosave } from './useDraftAutosave';
import { useTaxPreview } from './useTaxPreview';

function newDraftValues(user: CurrentUser): FormValues {
  const importers = user.enterprise?.kind === 'AGENCY' ? user.entrustingImporters : user.enterprise ? [user.enterprise] : [];
  return {
    importerId: importers.length === 1 ? importers[0]!.id : undefined,
    isAdvance: false,
    transportModeCode: 'RAIL',
    items: [{ declarationElements: {} }],
  };
}

type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown } | { status: 'readOnly'; declaration: Declaration };

/** New declaration (/declarations/new) and edit of a draft (/declarations/:id/edit): autosaved, then submitted. */
export function DeclarationFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const notifyError = useNotifyError();
  const fieldMessage = useFieldErrorMessage();
  const [form] = Form.useForm<FormValues>();
  /** The same form, addressed by runtime paths such as ['items', 0, 'wetTonnes']. */
  const fields = form as unknown as FormInstance;
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [otherErrors, setOtherErrors] = useState<FieldError[]>([]);
  const [submitting, setSubmitting] = useState(false);
  /** The id this form is bound to; set before navigating to the new draft's URL so the page does not reload it. */
  const boundId = useRef<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const taxPreview = useTaxPreview(form);
  const currency = Form.useWatch('currencyCode', form);

  const showServerErrors = useCallback(
    (errors: FieldError[]) => {
      const byField = new Map<string, { name: FieldName; messages: string[] }>();
      const unplaced: FieldError[] = [];
      for (const error of errors) {
        const name = fieldNameForPath(error.path);
        if (!name) {
          unplaced.push(error);
          continue;
        }
        const key = JSON.stringify(name);
        const entry = byField.get(key) ?? { name, messages: [] };
        entry.messages.push(fieldMessage(error));
        byField.set(key, entry);
      }
      const entries = [...byField.values()];
      fields.setFields(entries.map((entry) => ({ name: entry.name, errors: entry.messages })));
      // A path naming a field that is not on screen (e.g. truck plates on a rail declaration) goes to the summary.
      for (const entry of entries) {
        if (fields.getFieldError(entry.name).length === 0) {
          unplaced.push(...errors.filter((error) => JSON.stringify(fieldNameForPath(error.path)) === JSON.stringify(entry.name)));
        }
      }
      setOtherErrors(unplaced);
      const first = entries.find((entry) => fields.getFieldError(entry.name).length > 0);
      if (first) fields.scrollToField(first.name, { block: 'center' });
      return entries.length;
    },
    [fieldMessage, fields],
  );

  const autosave = useDraftAutosave({
    form,
    onCreated: (created) => {
      boundId.current = created.id;
      // A save flushed on the way out must not pull the user back to the form.
      if (mounted.current) navigate(`/declarations/${created.id}/edit`, { replace: true });
    },
    onConflictReloaded: (fresh) => {
      form.resetFields();
      form.setFieldsValue(fromDeclaration(fresh));
      taxPreview.changed();
      modal.warning({ title: t('autosave.conflictTitle'), content: t('autosave.conflict') });
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 422 && error.fieldErrors.length > 0) showServerErrors(error.fieldErrors);
      else notifyError(error);
    },
  });
  const { reset: resetAutosave } = autosave;

  useEffect(() => {
    setOtherErrors([]);
    if (!id) {
      boundId.current = null;
      resetAutosave(null);
      form.resetFields();
      form.setFieldsValue(newDraftValues(user));
      setLoad({ status: 'ready' });
      taxPreview.changed();
      return;
    }
    if (boundId.current === id) return;
    let active = true;
    setLoad({ status: 'loading' });
    declarationsApi
      .get(id)
      .then((declaration) => {
        if (!active) return;
        boundId.current = declaration.id;
        if (!declaration.allowedActions.includes('edit')) {
          setLoad({ status: 'readOnly', declaration });
          return;
        }
        resetAutosave(declaration);
        form.resetFields();
        form.setFieldsValue(fromDeclaration(declaration));
        setLoad({ status: 'ready' });
        taxPreview.changed();
      })
      .catch((error: unknown) => active && setLoad({ status: 'error', error }));
    return () => {
      active = false;
    };
    // Reload only when the URL names another declaration; the callbacks used here are stable.
  }, [id]);

  const onValuesChange = () => {
    autosave.changed();
    taxPreview.changed();
  };

  const submit = async () => {
    setOtherErrors([]);
    try {
      await form.validateFields();
    } catch (info) {
      const errorFields = (info as { errorFields?: { name: FieldName }[] }).errorFields ?? [];
      if (errorFields.length > 0) {
        message.error(t('form.fixFields', { count: errorFields.length }));
        fields.scrollToField(errorFields[0]!.name, { block: 'center' });
        return;
      }
    }
    setSubmitting(true);
    try {
      const saved = await autosave.flush();
      if (!saved) return;
      const submitted = await declarationsApi.act(saved.id, 'submit', saved.version);
      message.success(t('form.submitted', { number: submitted.number ?? '' }));
      navigate(`/declarations/${submitted.id}`);
    } catch (error) {
      if (isApiError(error) && error.status === 422 && error.fieldErrors.length > 0) {
        const placed = showServerErrors(error.fieldErrors);
        message.error(t('form.fixFields', { count: Math.max(placed, error.fieldErrors.length) }));
      } else if (isApiError(error) && error.isConflict && autosave.declaration) {
        notifyError(error);
        const fresh = await declarationsApi.get(autosave.declaration.id).catch(() => null);
        if (fresh) {
          if (!fresh.allowedActions.includes('edit')) setLoad({ status: 'readOnly', declaration: fresh });
          else {
            resetAutosave(fresh);
            form.resetFields();
            form.setFieldsValue(fromDeclaration(fresh));
          }
        }
      } else {
        notifyError(error);
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (load.status === 'error') return <ApiErrorAlert error={load.error} />;
  if (load.status === 'readOnly') {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="form-read-only"
        title={t('form.readOnly', { state: t(`state.${load.declaration.state}`) })}
        action={
          <Link to={`/declarations/${load.declaration.id}`}>
            <Button size="small">{t('form.viewDetail')}</Button>
          </Link>
        }
      />
    );
  }

  const declaration = autosave.declaration;
  return (
    <Spin spinning={load.status === 'loading'} description={t('app.loading')}>
    <div data-testid="declaration-form-page">
      <Card size="small" className="form-toolbar">
        <div className="toolbar-row">
          <Space size="middle" wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {declaration ? t('form.titleEdit') : t('form.titleNew')}
            </Typography.Title>
            {declaration && <StateTag state={declaration.state} />}
            {declaration?.number && <Typography.Text code>{declaration.number}</Typography.Text>}
            <AutosaveIndicator status={autosave.status} savedAt={autosave.savedAt} />
          </Space>
          <Space>
            {declaration && (
              <Link to={`/declarations/${declaration.id}`}>
                <Button data-testid="form-view-detail">{t('form.viewDetail')}</Button>
              </Link>
            )}
            <Button type="primary" icon={<SendOutlined />} loading={submitting} onClick={() => void submit()} data-testid="declaration-submit">
              {submitting ? t('form.submitting') : t('form.submit')}
            </Button>
          </Space>
        </div>
      </Card>
      {otherErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setOtherErrors([]) }}
          style={{ marginTop: 12 }}
          data-testid="form-errors"
          title={t('form.otherErrors')}
          description={
            <ul className="compact-list">
              {otherErrors.map((error) => (
                <li key={`${error.path}:${error.code}:${error.message}`}>
                  <Typography.Text code>{error.path}</Typography.Text> {fieldMessage(error)}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Form<FormValues> form={form} layout="vertical" size="small" onValuesChange={onValuesChange} scrollToFirstError className="declaration-form" data-testid="declaration-form">
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col xs={24} xl={18}>
            <HeaderSection user={user} importerLocked={Boolean(declaration)} existingImporter={declaration?.importer ?? null} />
            <ItemsSection preview={taxPreview.preview} />
          </Col>
          <Col xs={24} xl={6}>
            <div className="sticky-side">
              <TaxPreviewPanel preview={taxPreview.preview} loading={taxPreview.loading} error={taxPreview.error} currencyCode={currency} />
            </div>
          </Col>
        </Row>
      </Form>
    </div>
    </Spin>
  );
}
