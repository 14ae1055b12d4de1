/** A readable one-line rendering of a rule's condition tree (field names and operators as written in the rule set). */
export function conditionText(condition: unknown): string {
  if (!condition || typeof condition !== 'object') return '';
  const c = condition as Record<string, unknown>;
  const list = (values: unknown) => (Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : '');
  switch (c.op) {
    case 'all':
    case 'any': {
      const parts = (Array.isArray(c.conditions) ? c.conditions : []).map(conditionText);
      return parts.length === 1 ? parts[0]! : `(${parts.join(c.op === 'all' ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return `NOT ${conditionText(c.condition)}`;
    case 'eq':
      return `${String(c.field)} = ${JSON.stringify(c.value)}`;
    case 'ne':
      return `${String(c.field)} ≠ ${JSON.stringify(c.value)}`;
    case 'in':
      return `${String(c.field)} ∈ {${list(c.values)}}`;
    case 'notIn':
      return `${String(c.field)} ∉ {${list(c.values)}}`;
    case 'inList':
      return `${String(c.field)} ∈ list ${String(c.list)}`;
    case 'between':
      return `${String(c.min)} ≤ ${String(c.field)} ≤ ${String(c.max)}`;
    case 'gt':
      return `${String(c.field)} > ${String(c.value)}`;
    case 'gte':
      return `${String(c.field)} ≥ ${String(c.value)}`;
    case 'lt':
      return `${String(c.field)} < ${String(c.value)}`;
    case 'lte':
      return `${String(c.field)} ≤ ${String(c.value)}`;
    case 'startsWith':
      return `${String(c.field)} startsWith {${list(c.prefixes)}}`;
    case 'isMissing':
      return `${String(c.field)} is missing`;
    case 'outsideValueBand':
      return `outsideValueBand(${String(c.side)})`;
    case 'massDeviationAbove':
      return `massDeviation(${String(c.reference)}) > ${String(c.pct)}%`;
    default:
      return JSON.stringify(c);
  }
}
