import { useMemo, useState } from 'react';
import { Alert, Button, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANES, type CheckItem, type FieldError, type Lane, type RiskList } from '../../../api/types';
import { useFieldErrorMessage } from '../../../shared/errors';
import { ConditionBuilder } from './ConditionBuilder';
import { conditionText } from './conditionText';
import { RuleTestPanel } from './RuleTestPanel';
import { conditionPathKey, fromPercent, placeOfError, ruleProblems, toPercent, type RuleDraft, type RuleField, type RuleProblem } from './ruleDraft';

export const CHECK_ITEMS: CheckItem[] = ['RADIOACTIVITY', 'SOLID_WASTE', 'SAMPLING_HARMFUL_ELEMENTS', 'DOCUMENT_REVIEW'];
/** A rule can only raise the lane: RELEASE is where every declaration starts. */
const RULE_LANES = LANES.filter((lane) => lane !== 'RELEASE');

export interface RuleEditorProps {
  rule: RuleDraft;
  /** Ids of the rule set's other rules (a rule id must be unique). */
  otherIds: string[];
  fields: RuleField[];
  lists: RiskList[];
  ruleSetVersion: number;
  /** The server's problems with this rule from the last save (paths already placed). */
  serverProblems: RuleProblem[];
  /** Without it the rule is shown read-only. */
  onApply?: (rule: RuleDraft) => void;
  canTest: boolean;
  onClose: () => void;
}

/** One rule as a form: texts, a condition builder with the condition in words, the action, and a test run. */
export function RuleEditorDrawer({ rule: initial, otherIds, fields, lists, ruleSetVersion, serverProblems, onApply, canTest, onClose }: RuleEditorProps) {
  const { t } = useTranslation();
  const fieldMessage = useFieldErrorMessage();
  const [rule, setRule] = useState(initial);
  const [problems, setProblems] = useState<RuleProblem[]>(serverProblems);
  const readOnly = !onApply;

  const problemText = (problem: RuleProblem) => {
    const text = problem.code ? t(`ruleEditor.problem.${problem.code}`) : (problem.message ?? '');
    return problem.conditionKey && !problem.code ? `${problem.conditionKey}: ${text}` : text;
  };
  const messagesFor = (key: string) => problems.filter((p) => p.key === key).map(problemText);
  const conditionErrors = useMemo(() => {
    const byPath = new Map<string, string[]>();
    for (const problem of problems.filter((p) => p.key === 'condition')) {
      const path = conditionPathKey(problem.conditionPath ?? []);
      byPath.set(path, [...(byPath.get(path) ?? []), problemText(problem)]);
    }
    return byPath;
    // problemText depends only on t
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [problems, t]);
  const unplaced = problems.filter((p) => !['id', 'name.zh', 'name.en', 'description.zh', 'description.en', 'enabled', 'condition', 'action', 'action.lane', 'action.share', 'action.checks'].includes(p.key));

  /** An edit clears the problems shown on what was edited; the others stay until the next check. */
  const edit = (key: string, next: RuleDraft) => {
    setRule(next);
    setProblems((current) => current.filter((p) => (key === 'action' ? !p.key.startsWith('action') : p.key !== key)));
  };
  const item = (key: string) => {
    const messages = messagesFor(key);
    return messages.length
      ? {
          validateStatus: 'error' as const,
          help: (
            <span data-testid="rule-field-error" data-field={key}>
              {messages.join('; ')}
            </span>
          ),
        }
      : {};
  };

  const fromTest = (errors: FieldError[]) => {
    setProblems(
      errors.map((error) => {
        const place = placeOfError(error.path);
        const message = fieldMessage(error);
        return place.section === 'rule'
          ? { key: place.key, ...(place.conditionPath ? { conditionPath: place.conditionPath } : {}), ...(place.conditionKey ? { conditionKey: place.conditionKey } : {}), message }
          : { key: error.path, message };
      }),
    );
  };

  const apply = () => {
    const found = ruleProblems(rule, otherIds);
    setProblems(found);
    if (found.length === 0) onApply?.(rule);
  };

  const text = (group: 'name' | 'description', lang: 'zh' | 'en', testId: string, multiline = false) => {
    const key = `${group}.${lang}`;
    const onChange = (value: string) => edit(key, { ...rule, [group]: { ...rule[group], [lang]: value } });
    return (
      <Form.Item label={t(`ruleEditor.${group}${lang === 'zh' ? 'Zh' : 'En'}`)} required={!readOnly} {...item(key)}>
        {multiline ? (
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} value={rule[group][lang]} disabled={readOnly} onChange={(e) => onChange(e.target.value)} maxLength={2000} data-testid={testId} />
        ) : (
          <Input value={rule[group][lang]} disabled={readOnly} onChange={(e) => onChange(e.target.value)} maxLength={200} data-testid={testId} />
        )}
      </Form.Item>
    );
  };

  return (
    <Drawer
      open
      size={920}
      title={readOnly ? t('ruleEditor.viewTitle', { id: initial.id }) : t('ruleEditor.editTitle', { id: rule.id || initial.id })}
      onClose={onClose}
      destroyOnHidden
      data-testid="rule-editor"
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose} data-testid="rule-editor-cancel">
            {readOnly ? t('ruleEditor.close') : t('app.cancel')}
          </Button>
          {!readOnly && (
            <Button type="primary" onClick={apply} data-testid="rule-editor-apply">
              {t('ruleEditor.apply')}
            </Button>
          )}
        </Space>
      }
    >
      <Form layout="vertical" size="small" component="div" data-testid="rule-editor-form">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('ruleTest.id')} required={!readOnly} extra={readOnly ? undefined : t('ruleEditor.idHelp')} {...item('id')}>
              <Input value={rule.id} disabled={readOnly} onChange={(e) => edit('id', { ...rule, id: e.target.value.trim() })} maxLength={64} data-testid="rule-field-id" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('ruleSets.enabled')} {...item('enabled')}>
              <Switch checked={rule.enabled} disabled={readOnly} onChange={(enabled) => edit('enabled', { ...rule, enabled })} data-testid="rule-field-enabled" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>{text('name', 'zh', 'rule-field-name-zh')}</Col>
          <Col span={12}>{text('name', 'en', 'rule-field-name-en')}</Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>{text('description', 'zh', 'rule-field-description-zh', true)}</Col>
          <Col span={12}>{text('description', 'en', 'rule-field-description-en', true)}</Col>
        </Row>
        <Form.Item label={t('ruleSets.condition')} validateStatus={conditionErrors.size ? 'error' : undefined}>
          <ConditionBuilder value={rule.condition} onChange={readOnly ? undefined : (condition) => edit('condition', { ...rule, condition })} fields={fields} lists={lists} errors={conditionErrors} />
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            <Typography.Text type="secondary">{t('ruleEditor.reads')} </Typography.Text>
            <code data-testid="rule-sentence">{conditionText(rule.condition)}</code>
          </Typography.Paragraph>
        </Form.Item>
        <Row gutter={12}>
          <Col span={9}>
            <Form.Item label={t('ruleSets.lane')} {...item('action.lane')} {...item('action')}>
              <Select<Lane>
                allowClear
                value={rule.action.lane}
                disabled={readOnly}
                placeholder={t('ruleEditor.noLane')}
                onChange={(lane) => edit('action', { ...rule, action: { ...rule.action, lane: lane ?? undefined } })}
                options={RULE_LANES.map((lane) => ({ value: lane, label: t(`lane.${lane}`), 'data-value': lane }))}
                data-testid="rule-field-lane"
              />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('ruleSets.share')} extra={readOnly ? undefined : t('ruleEditor.shareHelp')} {...item('action.share')}>
              <InputNumber
                min={0}
                max={100}
                step={5}
                precision={2}
                value={toPercent(rule.action.share)}
                disabled={readOnly}
                onChange={(value) => edit('action.share', { ...rule, action: { ...rule.action, share: fromPercent(value ?? 0) } })}
                suffix="%"
                style={{ width: '100%' }}
                data-testid="rule-field-share"
              />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item label={t('ruleSets.checks')} {...item('action.checks')}>
              <Select<CheckItem[]>
                mode="multiple"
                value={rule.action.checks}
                disabled={readOnly}
                onChange={(checks) => edit('action', { ...rule, action: { ...rule.action, checks } })}
                options={CHECK_ITEMS.map((check) => ({ value: check, label: t(`ruleSets.check.${check}`), 'data-value': check }))}
                data-testid="rule-field-checks"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {unplaced.length > 0 && (
        <Alert type="error" showIcon title={t('error.codes.VALIDATION_FAILED')} description={<ul className="compact-list">{unplaced.map((p, i) => <li key={i}>{p.key}: {problemText(p)}</li>)}</ul>} data-testid="rule-editor-errors" />
      )}
      {canTest && (
        <>
          <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
            {t('ruleEditor.testTitle')}
          </Divider>
          <RuleTestPanel rule={rule} ruleSetVersion={ruleSetVersion} onFieldErrors={fromTest} />
        </>
      )}
    </Drawer>
  );
}
