import { Command } from '@nestjs/cqrs';
import type { EvaluationView } from './evaluate-placements.dto';

/** Run the placement evaluation for a day (default: today by the clock); idempotent per day. */
export class EvaluatePlacementsCommand extends Command<EvaluationView> {
  constructor(
    readonly date: string | undefined,
  ) {
    super();
  }
}
