import { Injectable } from '@nestjs/common';

/** In-process nudges between the deciding side and the outbox workers; polling covers other processes. */
@Injectable()
export class ReminderSignals {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
