import { useEffect, useRef, useState } from 'react';
import { Button, Input, Space, Tag, Tooltip, Typography, type InputRef } from 'antd';
import { CheckOutlined, CloseOutlined, EditOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { riskApi } from '../../api/endpoints';
import type { CreditClass, LaneRate } from '../../api/types';
import { formatRatePct, fractionToPercent, isPercent, percentToFraction } from '../../shared/decimal';
import { useFieldErrorMessage, useNotifyError } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { formatShare } from './decisionText';

interface Props {
  categoryCode: string;
  creditClass: CreditClass;
  rate: LaneRate | undefined;
  editable: boolean;
  /** A hint when the rate strays from the GACC targets (e.g. AEO above 20 % of the general rate). */
  warning?: string;
  /** The credit-class floor of the rule set in force (`rates.byCreditClass`): what applies when no rate is set. */
  floor?: number;
  onSaved(rate: LaneRate): void;
}

/** One cell of the matrix: the rate as a percentage; click the pencil to change it, Enter saves, Esc cancels. */
export function LaneRateCell({ categoryCode, creditClass, rate, editable, warning, floor, onSaved }: Props) {
  const { t } = useTranslation();
  const notifyError = useNotifyError();
  const fieldMessage = useFieldErrorMessage();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const input = useRef<InputRef>(null);

  useEffect(() => {
    if (editing) input.current?.focus({ cursor: 'all' });
  }, [editing]);

  const start = () => {
    setText(rate ? (fractionToPercent(rate.inspectionRate) ?? '') : '');
    setError(null);
    setEditing(true);
  };

  const save = async () => {
    const value = text.trim();
    if (!value) return setError(t('laneRates.required'));
    if (!isPercent(value)) return setError(t('laneRates.format'));
    const fraction = percentToFraction(value);
    if (rate && fraction === percentToFraction(fractionToPercent(rate.inspectionRate) ?? '')) {
      setEditing(false);
      return;
    }
    setSaving(true);
    try {
      const saved = await riskApi.setLaneRate(categoryCode, creditClass, fraction);
      setEditing(false);
      onSaved(saved);
    } catch (failure) {
      const fieldError = isApiError(failure) && failure.status === 422 ? failure.fieldErrors.find((e) => e.path === 'inspectionRate') : undefined;
      if (fieldError) setError(fieldMessage(fieldError));
      else notifyError(failure);
    } finally {
      setSaving(false);
    }
  };

  const testAttributes = { 'data-testid': 'lane-rate-cell', 'data-category': categoryCode, 'data-credit-class': creditClass, 'data-rate': rate?.inspectionRate ?? '' };

  if (editing) {
    return (
      <div {...testAttributes} data-editing="true">
        <Space.Compact size="small">
          <Input
            ref={input}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void save();
              if (event.key === 'Escape') setEditing(false);
            }}
            suffix="%"
            inputMode="decimal"
            maxLength={6}
            status={error ? 'error' : undefined}
            disabled={saving}
            style={{ width: 96 }}
            aria-label={t('laneRates.inputLabel')}
            data-testid="lane-rate-input"
          />
          <Button type="primary" icon={<CheckOutlined />} loading={saving} onClick={() => void save()} data-testid="lane-rate-save" aria-label={t('admin.save')} />
          <Button icon={<CloseOutlined />} disabled={saving} onClick={() => setEditing(false)} data-testid="lane-rate-cancel" aria-label={t('app.cancel')} />
        </Space.Compact>
        {error && (
          <div>
            <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="lane-rate-error">
              {error}
            </Typography.Text>
          </div>
        )}
      </div>
    );
  }

  return (
    <div {...testAttributes} className="lane-rate-cell">
      {rate ? (
        <Tooltip title={t('laneRates.updatedAt', { time: formatDateTime(rate.updatedAt) })}>
          <span className="lane-rate-value" data-testid="lane-rate-value">
            {formatRatePct(rate.inspectionRate)}
          </span>
        </Tooltip>
      ) : (
        <Tooltip title={t('laneRates.notConfiguredHint', { floor: floor === undefined ? '—' : formatShare(floor) })}>
          <Tag data-testid="lane-rate-value" data-floor={floor}>
            {floor === undefined ? t('laneRates.notConfiguredNoFloor') : t('laneRates.notConfigured', { floor: formatShare(floor) })}
          </Tag>
        </Tooltip>
      )}
      {warning && (
        <Tooltip title={warning}>
          <WarningOutlined className="lane-rate-warning" data-testid="lane-rate-warning" />
        </Tooltip>
      )}
      {editable && <Button size="small" type="text" icon={<EditOutlined />} onClick={start} data-testid="lane-rate-edit" aria-label={t('admin.edit')} />}
    </div>
  );
}
