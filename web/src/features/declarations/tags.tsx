import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeclarationState, InspectionOutcome, InspectionTaskState, Lane } from '../../api/types';

const STATE_COLORS: Record<DeclarationState, string> = {
  DRAFT: 'default',
  SUBMITTED: 'processing',
  ACCEPTED: 'cyan',
  LANE_ASSIGNED: 'geekblue',
  UNDER_INSPECTION: 'orange',
  RELEASED: 'green',
  CLEARED: 'success',
  REJECTED: 'red',
  WITHDRAWN: 'default',
};

const LANE_COLORS: Record<Lane, string> = {
  RELEASE: 'green',
  RELEASE_THEN_INSPECT: 'cyan',
  DOCUMENT_CHECK: 'gold',
  INSPECT_BEFORE_RELEASE: 'volcano',
};

const OUTCOME_COLORS: Record<InspectionTaskState, string> = {
  PENDING: 'default',
  IN_PROGRESS: 'processing',
  PASSED: 'green',
  FAILED: 'red',
};

export function StateTag({ state }: { state: DeclarationState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="state-tag" data-state={state}>
      {t(`state.${state}`)}
    </Tag>
  );
}

/** A lane; `lane-tag` is a declaration's own lane, `lane-ref` one a rule, score or escalation names. */
export function LaneTag({ lane, testId = 'lane-tag' }: { lane: Lane | null; testId?: 'lane-tag' | 'lane-ref' }) {
  const { t } = useTranslation();
  if (!lane) return <span>—</span>;
  return (
    <Tag color={LANE_COLORS[lane]} data-testid={testId} data-lane={lane}>
      {t(`lane.${lane}`)}
    </Tag>
  );
}

export function InspectionOutcomeTag({ outcome }: { outcome: InspectionOutcome | null }) {
  const { t } = useTranslation();
  if (!outcome) return <span>—</span>;
  return <Tag color={OUTCOME_COLORS[outcome]}>{t(`inspectionOutcome.${outcome}`)}</Tag>;
}

export function TaskStateTag({ state }: { state: InspectionTaskState }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLORS[state]} data-testid="task-state-tag" data-state={state}>
      {t(`taskState.${state}`)}
    </Tag>
  );
}
