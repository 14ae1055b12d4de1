import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ruleSetsApi } from '../../../api/endpoints';
import { isApiError } from '../../../api/client';
import type { RuleSet } from '../../../api/types';
import { useCurrentUser } from '../../../app/auth';
import { hasAnyRole } from '../../../app/roles';
import { ApiErrorAlert, useErrorText } from '../../../shared/errors';
import { formatDateTime, isChinese } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { conditionText } from './conditionText';
import { RuleSetStatusTag } from './RuleSetsPage';

interface RuleView {
  id: string;
  name?: { zh?: string; en?: string };
  enabled?: boolean;
  condition?: unknown;
  action?: { lane?: string; share?: number; checks?: string[] };
}

interface ValueBandView {
  commodityCode: string;
  originCountryCode: string | null;
  minCnyPerDryTonne: number;
  maxCnyPerDryTonne: number;
}

const pct = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(2).replace(/\.?0+$/, '')}%` : '—');

/** One rule set version: its definition, and the actions its status and the user's roles allow. */
export function RuleSetDetailPage() {
  const { t, i18n } = useTranslation();
  const { version: versionParam } = useParams();
  const version = Number(versionParam);
  const user = useCurrentUser();
  const ruleSet = useAsync(() => ruleSetsApi.get(version), [version]);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);

  const data = ruleSet.data;
  const isAuthor = Boolean(data?.author && data.author.id === user?.id);
  const canAuthor = hasAnyRole(user, ['RISK_ANALYST']);
  const canReview = hasAnyRole(user, ['RISK_ANALYST', 'SUPERVISOR']);

  const run = async (action: (rs: RuleSet) => Promise<RuleSet>, done: string) => {
    if (!data) return;
    setBusy(true);
    setActionError(null);
    try {
      ruleSet.setData(await action(data));
      message.success(t(done));
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  if (ruleSet.error) return <ApiErrorAlert error={ruleSet.error} onRetry={ruleSet.reload} />;
  if (!data) return <Spin data-testid="rule-set-loading" />;

  const definition = data.definition as {
    rules?: RuleView[];
    rates?: { byCreditClass?: Record<string, number>; byCategory?: Record<string, Record<string, number>>; explorationShare?: number; selectionLane?: string };
    valueBands?: ValueBandView[];
    lists?: Record<string, { kind?: string; entries?: string[]; description?: { zh?: string; en?: string } }>;
  };
  const zh = isChinese(i18n.language);
  const rules = definition.rules ?? [];
  const referencedLists = new Set(JSON.stringify(rules).match(/"list":"([^"]+)"/g)?.map((m) => m.slice(8, -1)) ?? []);

  const listNames = [...new Set([...Object.keys(definition.lists ?? {}), ...referencedLists])].sort();

  return (
    <div data-testid="rule-set-detail" data-version={data.version} data-status={data.status}>
      <div className="toolbar-row" style={{ marginBottom: 12 }}>
        <Space>
          <Link to="/risk/rule-sets" data-testid="rule-set-back">
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('ruleSets.title', { version: data.engineVersion })}
          </Typography.Title>
          <RuleSetStatusTag status={data.status} />
          {data.inForce && <Tag color="green">{t('ruleSets.inForce')}</Tag>}
        </Space>
        <Space wrap data-testid="rule-set-actions">
          {data.status === 'DRAFT' && canAuthor && isAuthor && (
            <>
              <Button onClick={() => setEditing(true)} data-testid="rule-set-edit">
                {t('ruleSets.edit')}
              </Button>
              <Button type="primary" loading={busy} onClick={() => run((rs) => ruleSetsApi.submit(rs.version, rs.rowVersion), 'ruleSets.submitted')} data-testid="rule-set-submit">
                {t('ruleSets.submit')}
              </Button>
            </>
          )}
          {data.status === 'PENDING_APPROVAL' && canReview && (
            <>
              <Button type="primary" loading={busy} onClick={() => run((rs) => ruleSetsApi.approve(rs.version, rs.rowVersion, ''), 'ruleSets.approved')} data-testid="rule-set-approve">
                {t('ruleSets.approve')}
              </Button>
              <Button danger onClick={() => setRejecting(true)} data-testid="rule-set-reject">
                {t('ruleSets.reject')}
              </Button>
            </>
          )}
          <Button icon={<ReloadOutlined />} onClick={ruleSet.reload} data-testid="detail-refresh">
            {t('app.refresh')}
          </Button>
        </Space>
      </div>
      {actionError ? (
        <Alert type="error" showIcon closable style={{ marginBottom: 12 }} data-testid="rule-set-action-error" title={errorText(actionError).title} description={isApiError(actionError) ? actionError.detail : undefined} onClose={() => setActionError(null)} />
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered data-testid="rule-set-header">
          <Descriptions.Item label={t('ruleSets.comment')} span={3}>
            {data.comment}
          </Descriptions.Item>
          <Descriptions.Item label={t('ruleSets.author')}>{data.author?.displayName ?? t('ruleSets.baseline')}</Descriptions.Item>
          <Descriptions.Item label={t('ruleSets.reviewer')}>{data.reviewer?.displayName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ruleSets.effectiveFrom')}>{formatDateTime(data.effectiveFrom)}</Descriptions.Item>
          <Descriptions.Item label={t('ruleSets.basedOn')}>{data.basedOnVersion ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('ruleSets.submittedAt')}>{formatDateTime(data.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('ruleSets.reviewedAt')}>{formatDateTime(data.reviewedAt)}</Descriptions.Item>
          {data.reviewComment && (
            <Descriptions.Item label={t('ruleSets.reviewComment')} span={3}>
              <span data-testid="rule-set-review-comment">{data.reviewComment}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card size="small" title={t('ruleSets.rules')} style={{ marginBottom: 12 }}>
        <Table<RuleView>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={rules}
          data-testid="rule-table"
          locale={{ emptyText: t('ruleSets.noRules') }}
          onRow={(rule) => ({ 'data-testid': 'rule-row', 'data-rule-id': rule.id, 'data-enabled': String(rule.enabled) }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('ruleSets.ruleName'), key: 'name', render: (_, rule) => (zh ? rule.name?.zh : rule.name?.en) ?? rule.id },
            { title: t('ruleSets.enabled'), key: 'enabled', render: (_, rule) => (rule.enabled ? <Tag color="green">{t('app.yes')}</Tag> : <Tag>{t('app.no')}</Tag>) },
            { title: t('ruleSets.lane'), key: 'lane', render: (_, rule) => (rule.action?.lane ? t(`lane.${rule.action.lane}`, { defaultValue: rule.action.lane }) : '—') },
            { title: t('ruleSets.share'), key: 'share', align: 'right', render: (_, rule) => pct(rule.action?.share) },
            { title: t('ruleSets.checks'), key: 'checks', render: (_, rule) => (rule.action?.checks ?? []).map((c) => <Tag key={c}>{t(`ruleSets.check.${c}`, { defaultValue: c })}</Tag>) },
            { title: t('ruleSets.condition'), key: 'condition', render: (_, rule) => <code data-testid="rule-condition">{conditionText(rule.condition)}</code> },
          ]}
        />
      </Card>
      <Card size="small" title={t('ruleSets.rates')} style={{ marginBottom: 12 }} data-testid="rule-set-rates">
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
          <Descriptions.Item label={t('ruleSets.explorationShare')}>
            <span data-testid="rule-set-exploration-share">{pct(definition.rates?.explorationShare)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('ruleSets.selectionLane')}>{definition.rates?.selectionLane ? t(`lane.${definition.rates.selectionLane}`, { defaultValue: definition.rates.selectionLane }) : '—'}</Descriptions.Item>
          {Object.entries(definition.rates?.byCreditClass ?? {}).map(([cls, rate]) => (
            <Descriptions.Item key={cls} label={t('ruleSets.creditClassRate', { cls: t(`creditClass.${cls}`, { defaultValue: cls }) })}>
              {pct(rate)}
            </Descriptions.Item>
          ))}
          {Object.entries(definition.rates?.byCategory ?? {}).map(([category, byClass]) => (
            <Descriptions.Item key={category} label={t('ruleSets.categoryRate', { category })}>
              {Object.entries(byClass)
                .map(([cls, rate]) => `${cls}: ${pct(rate)}`)
                .join(' · ')}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card size="small" title={t('ruleSets.valueBands')} style={{ marginBottom: 12 }}>
        <Table<ValueBandView>
          size="small"
          pagination={false}
          rowKey={(band) => `${band.commodityCode}-${band.originCountryCode ?? '*'}`}
          dataSource={definition.valueBands ?? []}
          data-testid="value-band-table"
          columns={[
            { title: t('ruleSets.commodityCode'), dataIndex: 'commodityCode' },
            { title: t('ruleSets.origin'), dataIndex: 'originCountryCode', render: (value: string | null) => value ?? t('ruleSets.anyOrigin') },
            { title: t('ruleSets.minCny'), dataIndex: 'minCnyPerDryTonne', align: 'right' },
            { title: t('ruleSets.maxCny'), dataIndex: 'maxCnyPerDryTonne', align: 'right' },
          ]}
        />
      </Card>
      <Card size="small" title={t('ruleSets.lists')} data-testid="rule-set-lists">
        {listNames.length === 0 ? (
          <Typography.Text type="secondary">{t('app.none')}</Typography.Text>
        ) : (
          <Space wrap>
            {listNames.map((name) => {
              const list = definition.lists?.[name];
              return (
                <Tag key={name} data-testid="rule-set-list" data-name={name} data-referenced={String(referencedLists.has(name))}>
                  <code>{name}</code>
                  {list ? ` · ${(zh ? list.description?.zh : list.description?.en) ?? ''} · ${t('ruleSets.entryCount', { count: list.entries?.length ?? 0 })}` : ''}
                  {referencedLists.has(name) ? ` (${t('ruleSets.referenced')})` : ''}
                </Tag>
              );
            })}
          </Space>
        )}
      </Card>
      {editing && <EditDefinitionModal ruleSet={data} onClose={() => setEditing(false)} onSaved={(saved) => { ruleSet.setData(saved); setEditing(false); message.success(t('ruleSets.saved')); }} />}
      {rejecting && (
        <RejectModal
          onClose={() => setRejecting(false)}
          onReject={async (reason) => {
            setRejecting(false);
            await run((rs) => ruleSetsApi.reject(rs.version, rs.rowVersion, reason), 'ruleSets.rejected');
          }}
        />
      )}
    </div>
  );
}

function RejectModal({ onClose, onReject }: { onClose: () => void; onReject: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('ruleSets.reject')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="reason-cancel">
          {t('app.cancel')}
        </Button>,
        <Button key="ok" danger type="primary" disabled={!reason.trim()} onClick={() => onReject(reason.trim())} data-testid="reason-submit">
          {t('ruleSets.reject')}
        </Button>,
      ]}
    >
      <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('ruleSets.rejectReason')} maxLength={2000} data-testid="reason-input" />
    </Modal>
  );
}

function EditDefinitionModal({ ruleSet, onClose, onSaved }: { ruleSet: RuleSet; onClose: () => void; onSaved: (saved: RuleSet) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [text, setText] = useState(() => JSON.stringify(ruleSet.definition, null, 2));
  const [comment, setComment] = useState(ruleSet.comment);
  const [error, setError] = useState<unknown>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    let definition: Record<string, unknown>;
    try {
      definition = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      setParseError(e instanceof Error ? e.message : String(e));
      return;
    }
    setParseError(null);
    setError(null);
    setSaving(true);
    try {
      onSaved(await ruleSetsApi.update(ruleSet.version, ruleSet.rowVersion, { definition, comment: comment.trim() || undefined }));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const fieldErrors = isApiError(error) ? error.fieldErrors : [];
  return (
    <Modal
      open
      width={900}
      title={t('ruleSets.edit')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="rule-set-edit-cancel">
          {t('app.cancel')}
        </Button>,
        <Button key="save" type="primary" loading={saving} onClick={save} data-testid="rule-set-edit-save">
          {t('ruleSets.save')}
        </Button>,
      ]}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('ruleSets.comment')} data-testid="rule-set-edit-comment" />
        <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={22} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="rule-set-definition" />
        {parseError && <Alert type="error" showIcon title={t('ruleSets.invalidJson')} description={parseError} data-testid="rule-set-json-error" />}
        {error ? (
          <Alert
            type="error"
            showIcon
            data-testid="rule-set-validation-errors"
            title={errorText(error).title}
            description={
              fieldErrors.length ? (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {fieldErrors.map((fe, i) => (
                    <li key={i} data-testid="rule-set-validation-error" data-path={fe.path}>
                      <code>{fe.path}</code>: {fe.message}
                    </li>
                  ))}
                </ul>
              ) : isApiError(error) ? (
                error.detail
              ) : undefined
            }
          />
        ) : null}
      </Space>
    </Modal>
  );
}
