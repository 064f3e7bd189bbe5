import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyService } from '../agency.service';
import type { EvaluationView } from './evaluate-placements.dto';
import { EvaluatePlacementsCommand } from './evaluate-placements.command';

@CommandHandler(EvaluatePlacementsCommand)
export class EvaluatePlacementsHandler implements ICommandHandler<EvaluatePlacementsCommand> {
  constructor(private readonly agency: AgencyService) {}

  execute(command: EvaluatePlacementsCommand): Promise<EvaluationView> {
    return this.agency.evaluate(command.date ?? this.agency.today());
  }
}
