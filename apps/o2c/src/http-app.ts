import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainExceptionFilter, OpenPersonalDataInterceptor, PersonalDataVault, requestValidationPipe } from '@o2c/kernel';
import { AppModule, type AppOptions } from './app.module';

/** Builds the HTTP application (used by main.ts and by end-to-end tests alike). */
export async function createHttpApp(options: AppOptions, logger: false | undefined = undefined): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), logger === false ? { logger: false } : {});
  // POST /ingress/batch carries up to 1,000 messages.
  app.useBodyParser('json', { limit: '4mb' });
  app.useGlobalPipes(requestValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.useGlobalInterceptors(new OpenPersonalDataInterceptor(app.get(PersonalDataVault)));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('o2c')
      .setDescription('Event-sourced order-to-cash backend: accounts and credit, invoicing, collections, disputes, agency handoff')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'npm run o2c -- token --role <role> --subject <you>' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
