import { Button, Input, InputNumber, Select, Space, Tooltip, Typography } from 'antd';
import { BranchesOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RiskList } from '../../../api/types';
import { isChinese } from '../../../shared/format';
import {
  MASS_REFERENCES,
  VALUE_BAND_SIDES,
  addChildCondition,
  changeGroupOperator,
  childrenOf,
  conditionPathKey,
  isGroup,
  makeLeaf,
  removeCondition,
  replaceCondition,
  specialLeaf,
  wrapCondition,
  type Condition,
  type ConditionPath,
  type GroupOperator,
  type LeafOperator,
  type RuleField,
  type SpecialOperator,
} from './ruleDraft';

/** Pseudo-fields of the field picker for the two operators that take no field. */
const SPECIAL: Record<SpecialOperator, string> = { outsideValueBand: '@valueBand', massDeviationAbove: '@massDeviation' };

export interface ConditionBuilderProps {
  value: Condition;
  onChange?: (next: Condition) => void;
  fields: RuleField[];
  /** The named lists (risk data) an `inList` leaf may pick from, filtered by the field's list kinds. */
  lists: RiskList[];
  /** Messages by condition path ("0.1"; "" = the root). */
  errors?: ReadonlyMap<string, string[]>;
}

/** An all/any/not tree of field comparisons, edited in place; read-only without `onChange`. */
export function ConditionBuilder(props: ConditionBuilderProps) {
  return <ConditionNode {...props} root={props.value} path={[]} />;
}

interface NodeProps extends ConditionBuilderProps {
  root: Condition;
  path: ConditionPath;
}

function ConditionNode(props: NodeProps) {
  const { t } = useTranslation();
  const { value: node, root, path, onChange, errors } = props;
  const readOnly = !onChange;
  const key = conditionPathKey(path);
  const messages = errors?.get(key) ?? [];
  const change = (next: (current: Condition) => Condition) => onChange?.(replaceCondition(root, path, next));
  const placeholder = firstLeaf(props.fields);
  const remove = path.length > 0 && !readOnly && (
    <Tooltip title={t('ruleEditor.removeCondition')}>
      <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => onChange?.(removeCondition(root, path, placeholder))} data-testid="condition-remove" aria-label={t('ruleEditor.removeCondition')} />
    </Tooltip>
  );
  const errorList = messages.length > 0 && (
    <div>
      {messages.map((message) => (
        <Typography.Text key={message} type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="condition-error" data-path={key}>
          {message}
        </Typography.Text>
      ))}
    </div>
  );

  if (isGroup(node)) {
    const children = childrenOf(node);
    return (
      <div className={`condition-group${messages.length ? ' has-error' : ''}`} data-testid="condition-node" data-path={key} data-op={node.op}>
        <Space size={4} wrap>
          <Select<GroupOperator>
            size="small"
            value={node.op}
            disabled={readOnly}
            style={{ minWidth: 150 }}
            popupMatchSelectWidth={false}
            onChange={(op) => change((current) => changeGroupOperator(current, op))}
            options={(['all', 'any', 'not'] as const).map((op) => ({ value: op, label: t(`ruleEditor.group.${op}`), 'data-value': op }))}
            data-testid="condition-group-op"
          />
          {!readOnly && node.op !== 'not' && (
            <>
              <Button size="small" icon={<PlusOutlined />} onClick={() => onChange?.(addChildCondition(root, path, placeholder))} data-testid="condition-add-leaf">
                {t('ruleEditor.addCondition')}
              </Button>
              <Button size="small" icon={<BranchesOutlined />} onClick={() => onChange?.(addChildCondition(root, path, { op: 'any', conditions: [placeholder] }))} data-testid="condition-add-group">
                {t('ruleEditor.addGroup')}
              </Button>
            </>
          )}
          {remove}
        </Space>
        {errorList}
        <div className="condition-children">
          {children.map((child, index) => (
            <ConditionNode key={index} {...props} value={child} path={[...path, index]} />
          ))}
        </div>
      </div>
    );
  }

  return (
    <div className={`condition-leaf${messages.length ? ' has-error' : ''}`} data-testid="condition-node" data-path={key} data-op={node.op}>
      <Space size={4} wrap align="start">
        <LeafEditor {...props} onLeafChange={readOnly ? undefined : (next) => change(() => next)} />
        {!readOnly && (
          <Tooltip title={t('ruleEditor.wrap')}>
            <Button size="small" type="text" icon={<BranchesOutlined />} onClick={() => change((current) => wrapCondition(current, 'all'))} data-testid="condition-wrap" aria-label={t('ruleEditor.wrap')} />
          </Tooltip>
        )}
        {remove}
      </Space>
      {errorList}
    </div>
  );
}

function firstLeaf(fields: RuleField[]): Condition {
  const field = fields.find((f) => f.name === 'originCountry') ?? fields[0];
  return field ? makeLeaf(field, (field.operators[0] ?? 'eq') as LeafOperator) : specialLeaf('outsideValueBand');
}

function LeafEditor({ value: node, fields, lists, onLeafChange }: NodeProps & { onLeafChange?: (next: Condition) => void }) {
  const { t, i18n } = useTranslation();
  const zh = isChinese(i18n.language);
  const disabled = !onLeafChange;
  const set = (next: Condition) => onLeafChange?.(next);
  const leaf = node as Record<string, unknown>;
  const fieldName = 'field' in node ? node.field : SPECIAL[node.op as SpecialOperator];
  const field = fields.find((f) => f.name === fieldName);

  const fieldOptions = [
    ...fields.map((f) => ({ value: f.name, label: `${zh ? f.descriptionZh : f.descriptionEn} · ${f.name}` })),
    { value: SPECIAL.outsideValueBand, label: t('ruleEditor.special.outsideValueBand') },
    { value: SPECIAL.massDeviationAbove, label: t('ruleEditor.special.massDeviationAbove') },
  ];
  if (fieldName && !fieldOptions.some((option) => option.value === fieldName)) fieldOptions.push({ value: fieldName, label: fieldName });

  const pickField = (name: string) => {
    const special = (Object.keys(SPECIAL) as SpecialOperator[]).find((op) => SPECIAL[op] === name);
    if (special) return set(specialLeaf(special));
    const next = fields.find((f) => f.name === name);
    if (!next) return;
    const op = next.operators.includes(node.op) ? (node.op as LeafOperator) : ((next.operators[0] ?? 'eq') as LeafOperator);
    set(makeLeaf(next, op, node));
  };

  const fieldPicker = (
    <Select
      size="small"
      showSearch={{ optionFilterProp: 'label' }}
      value={fieldName}
      disabled={disabled}
      onChange={pickField}
      options={fieldOptions}
      style={{ width: 300 }}
      popupMatchSelectWidth={false}
      data-testid="condition-field"
    />
  );

  if (node.op === 'outsideValueBand') {
    return (
      <Space size={4} wrap>
        {fieldPicker}
        <Select
          size="small"
          value={node.side}
          disabled={disabled}
          onChange={(side) => set({ op: 'outsideValueBand', side })}
          options={VALUE_BAND_SIDES.map((side) => ({ value: side, label: t(`ruleEditor.side.${side}`), 'data-value': side }))}
          style={{ width: 140 }}
          data-testid="condition-side"
        />
      </Space>
    );
  }
  if (node.op === 'massDeviationAbove') {
    return (
      <Space size={4} wrap>
        {fieldPicker}
        <Select
          size="small"
          value={node.reference}
          disabled={disabled}
          onChange={(reference) => set({ ...node, reference })}
          options={MASS_REFERENCES.map((reference) => ({ value: reference, label: t(`ruleEditor.reference.${reference}`), 'data-value': reference }))}
          style={{ width: 170 }}
          data-testid="condition-reference"
        />
        <Typography.Text>{t('ruleEditor.deviatesMoreThan')}</Typography.Text>
        <InputNumber size="small" min={0.01} step={1} value={node.pct} disabled={disabled} onChange={(pct) => set({ ...node, pct: pct ?? 0 })} suffix="%" style={{ width: 110 }} data-testid="condition-pct" />
      </Space>
    );
  }

  const operators = (field?.operators ?? [node.op]) as LeafOperator[];
  const numeric = field?.type === 'number';
  const enumValues = field?.type === 'enum' ? (field.values ?? []) : null;
  const valueLabel = (value: string) => (field?.name === 'creditClass' ? t(`creditClass.${value}`, { defaultValue: value }) : value);
  const scalarInput = (value: unknown, onValue: (v: string | number) => void, testId: string) =>
    numeric ? (
      <InputNumber size="small" value={typeof value === 'number' ? value : null} disabled={disabled} onChange={(v) => onValue(v ?? 0)} style={{ width: 140 }} suffix={field?.unit ?? undefined} data-testid={testId} />
    ) : enumValues ? (
      <Select size="small" value={typeof value === 'string' ? value : undefined} disabled={disabled} onChange={onValue} options={enumValues.map((v) => ({ value: v, label: valueLabel(v) }))} style={{ width: 180 }} data-testid={testId} />
    ) : (
      <Input size="small" value={typeof value === 'string' ? value : String(value ?? '')} disabled={disabled} onChange={(e) => onValue(e.target.value)} style={{ width: 180 }} placeholder={t('ruleEditor.valuePlaceholder')} data-testid={testId} />
    );

  const tags = (values: (string | number)[], onValues: (v: (string | number)[]) => void, testId: string) => (
    <Select
      size="small"
      mode={enumValues ? 'multiple' : 'tags'}
      value={values.map(String)}
      disabled={disabled}
      open={enumValues ? undefined : false}
      tokenSeparators={[',', ';', ' ', '\n', '，', '；', '、']}
      onChange={(raw: string[]) => onValues(numeric ? raw.map(Number).filter(Number.isFinite) : raw.map((v) => v.trim()).filter(Boolean))}
      options={enumValues?.map((v) => ({ value: v, label: valueLabel(v) }))}
      placeholder={t('ruleEditor.tagsPlaceholder')}
      style={{ minWidth: 220, maxWidth: 420 }}
      data-testid={testId}
    />
  );

  let operand: React.ReactNode = null;
  switch (node.op) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      operand = scalarInput(leaf.value, (v) => set({ ...node, value: v } as Condition), 'condition-value');
      break;
    case 'in':
    case 'notIn':
      operand = tags(node.values, (values) => set({ ...node, values }), 'condition-values');
      break;
    case 'startsWith':
      operand = tags(node.prefixes, (values) => set({ ...node, prefixes: values.map(String) }), 'condition-values');
      break;
    case 'between':
      operand = (
        <Space size={4}>
          {scalarInput(node.min, (v) => set({ ...node, min: Number(v) }), 'condition-min')}
          <Typography.Text>–</Typography.Text>
          {scalarInput(node.max, (v) => set({ ...node, max: Number(v) }), 'condition-max')}
        </Space>
      );
      break;
    case 'inList': {
      const kinds = field?.listKinds ?? [];
      const fitting = lists.filter((list) => kinds.includes(list.kind));
      const options = fitting.map((list) => ({ value: list.name, 'data-value': list.name, label: `${zh ? list.descriptionZh : list.descriptionEn} · ${list.name} (${t('ruleSets.entryCount', { count: list.entryCount })})` }));
      if (node.list && !options.some((option) => option.value === node.list)) options.push({ value: node.list, 'data-value': node.list, label: node.list });
      operand = (
        <Select
          size="small"
          value={node.list || undefined}
          disabled={disabled}
          onChange={(list) => set({ ...node, list })}
          options={options}
          placeholder={t('ruleEditor.pickList')}
          notFoundContent={t('ruleEditor.noFittingList')}
          style={{ minWidth: 260 }}
          popupMatchSelectWidth={false}
          data-testid="condition-list"
        />
      );
      break;
    }
    case 'isMissing':
      break;
  }

  return (
    <Space size={4} wrap>
      {fieldPicker}
      <Select<LeafOperator>
        size="small"
        value={node.op as LeafOperator}
        disabled={disabled}
        onChange={(op) => field && set(makeLeaf(field, op, node))}
        options={operators.map((op) => ({ value: op, label: t(`ruleEditor.op.${op}`), 'data-value': op }))}
        style={{ width: 150 }}
        popupMatchSelectWidth={false}
        data-testid="condition-operator"
      />
      {operand}
    </Space>
  );
}
