import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { riskToolsApi, ruleSetsApi } from '../../../api/endpoints';
import { isApiError } from '../../../api/client';
import type { RuleSet } from '../../../api/types';
import { useCurrentUser } from '../../../app/auth';
import { canTuneRisk, hasAnyRole } from '../../../app/roles';
import { ApiErrorAlert, useErrorText } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { RuleSetStatusTag } from './RuleSetsPage';
import { RuleSetEditor } from './RuleSetEditor';
import type { RuleStat } from '../../../api/types';

const pct = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(2).replace(/\.?0+$/, '')}%` : '—');

/** One rule set version: its definition, and the actions its status and the user's roles allow. */
export function RuleSetDetailPage() {
  const { t } = useTranslation();
  const { version: versionParam } = useParams();
  const version = Number(versionParam);
  const user = useCurrentUser();
  const ruleSet = useAsync(() => ruleSetsApi.get(version), [version]);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [dirty, setDirty] = useState(false);
  const onDirtyChange = useCallback((next: boolean) => setDirty(next), []);
  const stats = useAsync(() => riskToolsApi.ruleStats({ ruleSetVersion: version }), [version]);
  const statsByRule = new Map((stats.data?.rules ?? []).map((stat) => [stat.ruleId, stat]));

  const data = ruleSet.data;
  const isAuthor = Boolean(data?.author && data.author.id === user?.id);
  const canAuthor = hasAnyRole(user, ['RISK_ANALYST']);
  const canReview = hasAnyRole(user, ['RISK_ANALYST', 'SUPERVISOR']);
  const canTest = canTuneRisk(user);

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
              <Tooltip title={dirty ? t('ruleEditor.saveBeforeSubmit') : undefined}>
                <Button type="primary" disabled={dirty} loading={busy} onClick={() => run((rs) => ruleSetsApi.submit(rs.version, rs.rowVersion), 'ruleSets.submitted')} data-testid="rule-set-submit">
                  {t('ruleSets.submit')}
                </Button>
              </Tooltip>
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
      <div style={{ marginBottom: 4, textAlign: 'right' }}>
        {stats.error ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="rule-stats-error">
            {t('ruleStats.failed')} {errorText(stats.error).title}
          </Typography.Text>
        ) : stats.data ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="rule-stats-decisions" data-count={stats.data.decisions}>
            {t('ruleStats.basis', { count: stats.data.decisions, version: data.version })}
          </Typography.Text>
        ) : null}
      </div>
      <RuleSetEditor
        key={`${data.version}:${data.rowVersion}`}
        ruleSet={data}
        editable={data.status === 'DRAFT' && canAuthor && isAuthor}
        canTest={canTest}
        onSaved={ruleSet.setData}
        onReload={ruleSet.reload}
        onDirtyChange={onDirtyChange}
        renderStat={(ruleId, kind) => <RuleStatCell stat={statsByRule.get(ruleId)} decisions={stats.data?.decisions} kind={kind} />}
      />
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

/** A rule's hit rate (fired / decisions under this version) or finding rate (failed checks / inspected selections). */
function RuleStatCell({ stat, decisions, kind }: { stat: RuleStat | undefined; decisions: number | undefined; kind: 'hit' | 'finding' }) {
  const { t } = useTranslation();
  if (decisions === undefined) return <Typography.Text type="secondary">…</Typography.Text>;
  if (kind === 'hit') {
    const hits = stat?.hits ?? 0;
    return (
      <span data-testid="rule-hit-rate" title={t('ruleStats.hitTitle', { hits, decisions, selected: stat?.selected ?? 0 })}>
        {decisions ? pct(hits / decisions) : '—'}
        <Typography.Text type="secondary" style={{ fontSize: 11 }}> ({hits})</Typography.Text>
      </span>
    );
  }
  if (!stat || stat.findingRate === null) {
    return (
      <Typography.Text type="secondary" data-testid="rule-finding-rate" title={t('ruleStats.noInspected')}>
        —
      </Typography.Text>
    );
  }
  return (
    <span data-testid="rule-finding-rate" title={t('ruleStats.findingTitle', { findings: stat.findings, inspected: stat.inspected })}>
      <Typography.Text type={stat.findings ? 'danger' : undefined}>{pct(stat.findingRate)}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 11 }}> ({stat.findings}/{stat.inspected})</Typography.Text>
    </span>
  );
}
