import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, type Clock } from '@o2c/kernel';
import { AgencyService } from '../agency.service';

/**
 * Runs the placement evaluation when the clock's UTC day changes (checked
 * every `O2C_AGENCY_EVALUATION_CHECK_MS`, default 60 s; 0 turns it off). The
 * evaluation is idempotent per day, so two processes or a restart that
 * evaluate the same day place nothing twice.
 */
@Injectable()
export class DailyEvaluation implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AgencyDailyEvaluation');
  private timer: NodeJS.Timeout | undefined;
  private lastDay: string | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly agency: AgencyService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = Number(process.env.O2C_AGENCY_EVALUATION_CHECK_MS ?? 60_000);
    if (!everyMs) return;
    this.lastDay = this.clock.now().toISOString().slice(0, 10);
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    const today = this.clock.now().toISOString().slice(0, 10);
    if (this.running || today === this.lastDay) return;
    this.running = this.agency
      .evaluate(today)
      .then((result) => {
        this.lastDay = today;
        if (result.placed.length) this.logger.log(`${today}: placed ${result.placed.join(', ')}`);
      })
      .catch((error: unknown) => this.logger.warn(`${today}: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
