import { useState } from 'react';
import { Button, Col, Descriptions, InputNumber, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { riskToolsApi } from '../../../api/endpoints';
import { isApiError } from '../../../api/client';
import type { FieldError, RuleTestResult } from '../../../api/types';
import { useNotifyError } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format';
import { LaneTag } from '../../declarations/tags';
import { formatShare } from '../decisionText';
import type { RuleDraft } from './ruleDraft';

/**
 * "Test against the last N days": the rule as edited (unsaved), run over the stored decisions of the period with the
 * lists, value bands and lane order of the rule set; nothing is saved. A 422's field errors go to `onFieldErrors`
 * (paths "rule.…"), so the rule form shows them on its fields.
 */
export function RuleTestPanel({ rule, ruleSetVersion, onFieldErrors }: { rule: RuleDraft; ruleSetVersion: number; onFieldErrors: (errors: FieldError[]) => void }) {
  const { t } = useTranslation();
  const notifyError = useNotifyError();
  const [days, setDays] = useState(30);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<RuleTestResult | null>(null);

  const run = async () => {
    setRunning(true);
    onFieldErrors([]);
    try {
      setResult(await riskToolsApi.testRule({ rule: rule as unknown as Record<string, unknown>, days, ruleSetVersion }));
    } catch (error) {
      setResult(null);
      if (isApiError(error) && error.status === 422 && error.fieldErrors.length) onFieldErrors(error.fieldErrors);
      else notifyError(error);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div data-testid="rule-test-panel">
      <Space align="center" wrap>
        <Typography.Text>{t('ruleTest.days')}</Typography.Text>
        <InputNumber min={1} max={365} precision={0} value={days} onChange={(value) => setDays(value ?? 30)} style={{ width: 120 }} suffix={t('ruleTest.daysUnit')} data-testid="rule-test-days" />
        <Button type="primary" ghost icon={<ExperimentOutlined />} loading={running} onClick={run} data-testid="rule-test-run">
          {t('ruleTest.run')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0' }}>
        {t('ruleTest.hint', { version: ruleSetVersion })}
      </Typography.Paragraph>
      {result && <RuleTestResultView result={result} />}
    </div>
  );
}

function RuleTestResultView({ result }: { result: RuleTestResult }) {
  const { t } = useTranslation();
  return (
    <div data-testid="rule-test-result" data-matched={result.matched} data-declarations={result.declarations}>
      <Typography.Text strong>{t('ruleTest.resultTitle', { from: result.from, to: result.to, count: result.declarations })}</Typography.Text>
      <Row gutter={8} style={{ margin: '8px 0' }}>
        <Col span={6}>
          <Statistic title={t('ruleTest.matched')} value={result.matched} suffix={<span style={{ fontSize: 12 }}>({formatShare(result.matchRate)})</span>} />
        </Col>
        <Col span={6}>
          <Statistic title={t('ruleTest.wouldSelect')} value={result.wouldSelect} />
        </Col>
        <Col span={6}>
          <Statistic title={t('ruleTest.inspected')} value={result.inspectedAmongMatched} />
        </Col>
        <Col span={6}>
          <Statistic title={t('ruleTest.findings')} value={result.knownFindingsAmongMatched} styles={{ content: { color: result.knownFindingsAmongMatched ? '#cf1322' : undefined } }} />
        </Col>
      </Row>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'lanes',
            label: t('ruleTest.laneCounts'),
            children: result.laneCounts.filter((entry) => entry.count > 0).length ? (
              <Space wrap size={4}>
                {result.laneCounts
                  .filter((entry) => entry.count > 0)
                  .map((entry) => (
                    <span key={entry.lane}>
                      <LaneTag lane={entry.lane} testId="lane-ref" /> {entry.count}
                    </span>
                  ))}
              </Space>
            ) : (
              t('app.none')
            ),
          },
        ]}
      />
      <Table
        size="small"
        rowKey="declarationId"
        pagination={false}
        dataSource={result.samples}
        locale={{ emptyText: t('ruleTest.noSamples') }}
        title={() => t('ruleTest.samples')}
        columns={[
          { title: t('field.number'), key: 'number', render: (_, sample) => <Link to={`/declarations/${sample.declarationId}`}>{sample.number ?? sample.declarationId}</Link> },
          { title: t('field.importer'), dataIndex: 'importerName' },
          { title: t('ruleTest.submittedAt'), key: 'at', render: (_, sample) => formatDateTime(sample.submittedAt) },
        ]}
      />
      {result.matched === 0 && <Tag>{t('ruleTest.nothingMatched')}</Tag>}
    </div>
  );
}
