import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AdminIds, Shortcuts } from '../../src/slack/ids.js';
import { BOT_SCOPES } from '../../src/slack/scopes.js';

const ROOT = join(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Manifest {
  features: { shortcuts: { callback_id: string }[] };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
}

describe('manifest.yml', () => {
  const manifest = parse(read('manifest.yml')) as Manifest;

  it('asks for exactly the scopes the OAuth installer requests (least privilege, one list)', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
  });

  it('redirects OAuth to the path the app serves, and subscribes to the uninstall events', () => {
    expect(manifest.oauth_config.redirect_urls.map((url) => new URL(url).pathname)).toEqual(['/slack/oauth_redirect']);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_uninstalled', 'tokens_revoked']),
    );
  });

  it('subscribes to thread replies and reactions for decisions noticed in threads, with the scopes they need', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['message.channels', 'message.groups', 'reaction_added']),
    );
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['channels:history', 'groups:history', 'reactions:read']),
    );
  });

  it('declares every shortcut the app listens for', () => {
    const ids = manifest.features.shortcuts.map((shortcut) => shortcut.callback_id);
    expect(ids).toEqual(expect.arrayContaining([Shortcuts.newAdr, AdminIds.shortcut]));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const ignored = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const pkg = JSON.parse(read('package.json')) as {
    dependencies: Record<string, string>;
    scripts: Record<string, string>;
    bin: Record<string, string>;
  };

  it('runs node:24-slim (the current LTS) as a non-root user with the database on /data', () => {
    expect(dockerfile.match(/^FROM \S+/gm)).toEqual(['FROM node:24-slim', 'FROM node:24-slim']);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('DATABASE_PATH=/data/adr.sqlite');
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
  });

  it('checks /healthz and starts the compiled app, as npm start does', () => {
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(dockerfile).toContain('CMD ["node", "dist/app.js"]');
    expect(pkg.scripts.start).toBe('node dist/app.js');
  });

  it('builds dist/ in its build stage and keeps production dependencies only, without tsx', () => {
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
    expect(ignored).toContain('dist');
  });

  it('copies every folder the app reads at run time, none of them ignored, and the sources to build from', () => {
    for (const folder of ['src', 'migrations', 'prompts', 'bin']) {
      expect(existsSync(join(ROOT, folder))).toBe(true);
      expect(dockerfile).toContain(`COPY ${folder} ./${folder}`);
      expect(ignored).not.toContain(folder);
    }
    expect(ignored).toEqual(expect.arrayContaining(['.env', '*.sqlite', 'node_modules', '.git']));
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(read('package.json')) as {
    engines: { node: string };
    scripts: Record<string, string>;
    bin: Record<string, string>;
  };

  it('builds on install and before start, so `npm ci && npm start` runs current JavaScript', () => {
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.prestart).toBe('npm run build');
    expect(read(pkg.bin['adr-assistant'] ?? '')).toContain('../dist/cli.js');
  });

  it('states the Node floor of the dev tools the README’s commands install (vite: ^20.19.0 || >=22.12.0)', () => {
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
  });
});

describe('deploy/docker-compose.yml (README "Running several instances")', () => {
  interface Compose {
    services: Record<
      string,
      {
        image?: string;
        build?: string;
        environment?: Record<string, string>;
        deploy?: { replicas?: number };
        depends_on?: Record<string, { condition: string }> | string[];
        ports?: string[];
        stop_grace_period?: string;
        volumes?: string[];
      }
    >;
  }
  const compose = parse(read('deploy/docker-compose.yml')) as Compose;
  const nginx = read('deploy/nginx.conf');
  const { app, postgres, proxy } = compose.services;

  it('runs two replicas of the app image on one PostgreSQL, started once the database answers', () => {
    expect(app?.build).toBe('..');
    expect(app?.deploy?.replicas).toBe(2);
    expect(app?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/adr:\$\{POSTGRES_PASSWORD\}@postgres:5432\/adr$/);
    expect(app?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres?.image).toMatch(/^postgres:1[5-9]$/);
    expect(postgres?.environment?.POSTGRES_DB).toBe('adr');
  });

  it('passes every setting the app requires, and a grace period for finishing work on SIGTERM', () => {
    expect(Object.keys(app?.environment ?? {})).toEqual(
      expect.arrayContaining(['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN']),
    );
    expect(app?.stop_grace_period).toBe('30s');
  });

  it('puts nginx in front of every replica, re-resolving them, and retries a replica that is being replaced', () => {
    expect(proxy?.ports).toEqual(['3000:80']);
    expect(proxy?.volumes).toEqual(['./nginx.conf:/etc/nginx/conf.d/default.conf:ro']);
    expect(nginx).toMatch(/server app:3000 resolve/);
    expect(nginx).toMatch(/zone adr_assistant/);
    expect(nginx).toMatch(/proxy_pass http:\/\/adr_assistant;/);
    expect(nginx).toMatch(/proxy_next_upstream error timeout/);
  });
});
