import type { AppContext } from '../core/context.js';

export async function seedDemoDataIfEmpty(_context: AppContext): Promise<void> {}
