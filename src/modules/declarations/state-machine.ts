import type { Lane } from '../risk/lane-decider.js';

/**
 * The import declaration (进口报关单) lifecycle. Every legal move is one row of DECLARATION_TRANSITIONS; nothing
 * else in the code base may change a declaration's state without going through `transition`.
 */

export const DECLARATION_STATES = [
  'DRAFT',
  'SUBMITTED',
  'ACCEPTED',
  'LANE_ASSIGNED',
  'UNDER_INSPECTION',
  'RELEASED',
  'CLEARED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type DeclarationState = (typeof DECLARATION_STATES)[number];

export const DECLARATION_ACTIONS = [
  'edit',
  'submit',
  'accept',
  'assignLane',
  'startInspection',
  'release',
  'clear',
  'reject',
  'withdraw',
] as const;
export type DeclarationAction = (typeof DECLARATION_ACTIONS)[number];

/** Cleared (结关), rejected (退单) and withdrawn (撤单) declarations are closed; a correction is a new declaration. */
export const TERMINAL_STATES = ['CLEARED', 'REJECTED', 'WITHDRAWN'] as const satisfies readonly DeclarationState[];

export type InspectionOutcome = 'PENDING' | 'PASSED' | 'FAILED';

/** What the guards need to know beyond the state: the assigned lane and the latest inspection outcome. */
export interface TransitionContext {
  lane?: Lane;
  inspectionOutcome?: InspectionOutcome | null;
}

export type TransitionRefusal = 'ILLEGAL_TRANSITION' | 'INSPECTION_REQUIRED' | 'INSPECTION_FAILED' | 'LANE_FORBIDS';

export type TransitionResult = { ok: true; to: DeclarationState } | { ok: false; reason: TransitionRefusal };

/** A guard returns why the move is refused, or undefined to allow it. */
type Guard = (ctx: TransitionContext) => Exclude<TransitionRefusal, 'ILLEGAL_TRANSITION'> | undefined;

export interface TransitionRow {
  action: DeclarationAction;
  from: DeclarationState;
  to: DeclarationState;
  guard?: Guard;
}

/**
 * Only the 先检后放 lane holds the goods until an inspection has passed. An unknown lane is treated the same way:
 * releasing goods nobody has risk-assessed is the one mistake that cannot be undone.
 */
const releaseWithoutInspection: Guard = ({ lane, inspectionOutcome }) => {
  if (inspectionOutcome === 'FAILED') return 'INSPECTION_FAILED';
  if (lane === undefined || lane === 'INSPECT_BEFORE_RELEASE') return 'INSPECTION_REQUIRED';
  return undefined;
};

const releaseAfterInspection: Guard = ({ inspectionOutcome }) => {
  if (inspectionOutcome === 'FAILED') return 'INSPECTION_FAILED';
  if (inspectionOutcome !== 'PASSED') return 'INSPECTION_REQUIRED';
  return undefined;
};

/** Straight release and documents-only lanes have nothing to inspect; the other two do. */
const laneHasInspection: Guard = ({ lane }) =>
  lane === 'INSPECT_BEFORE_RELEASE' || lane === 'RELEASE_THEN_INSPECT' ? undefined : 'LANE_FORBIDS';

export const DECLARATION_TRANSITIONS: readonly TransitionRow[] = [
  { action: 'edit', from: 'DRAFT', to: 'DRAFT' },
  { action: 'submit', from: 'DRAFT', to: 'SUBMITTED' },
  { action: 'accept', from: 'SUBMITTED', to: 'ACCEPTED' },
  { action: 'assignLane', from: 'ACCEPTED', to: 'LANE_ASSIGNED' },
  { action: 'startInspection', from: 'LANE_ASSIGNED', to: 'UNDER_INSPECTION', guard: laneHasInspection },
  { action: 'release', from: 'LANE_ASSIGNED', to: 'RELEASED', guard: releaseWithoutInspection },
  { action: 'release', from: 'UNDER_INSPECTION', to: 'RELEASED', guard: releaseAfterInspection },
  { action: 'clear', from: 'RELEASED', to: 'CLEARED' },
  { action: 'reject', from: 'SUBMITTED', to: 'REJECTED' },
  { action: 'reject', from: 'ACCEPTED', to: 'REJECTED' },
  { action: 'reject', from: 'LANE_ASSIGNED', to: 'REJECTED' },
  { action: 'reject', from: 'UNDER_INSPECTION', to: 'REJECTED' },
  { action: 'withdraw', from: 'DRAFT', to: 'WITHDRAWN' },
  { action: 'withdraw', from: 'SUBMITTED', to: 'WITHDRAWN' },
  { action: 'withdraw', from: 'ACCEPTED', to: 'WITHDRAWN' },
  { action: 'withdraw', from: 'LANE_ASSIGNED', to: 'WITHDRAWN' },
];

const ROWS_BY_MOVE = new Map(DECLARATION_TRANSITIONS.map((row) => [`${row.from}:${row.action}`, row]));

export function transition(state: DeclarationState, action: DeclarationAction, ctx: TransitionContext = {}): TransitionResult {
  const row = ROWS_BY_MOVE.get(`${state}:${action}`);
  if (!row) return { ok: false, reason: 'ILLEGAL_TRANSITION' };
  const refusal = row.guard?.(ctx);
  return refusal ? { ok: false, reason: refusal } : { ok: true, to: row.to };
}

/** The actions that would succeed now, in DECLARATION_ACTIONS order, e.g. to decide which buttons to show. */
export function allowedActions(state: DeclarationState, ctx: TransitionContext = {}): DeclarationAction[] {
  return DECLARATION_ACTIONS.filter((action) => transition(state, action, ctx).ok);
}

export function isTerminalState(state: DeclarationState): boolean {
  return (TERMINAL_STATES as readonly DeclarationState[]).includes(state);
}
