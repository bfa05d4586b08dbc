/** The bot scopes ADR Assistant asks for, and no others; manifest.yml lists the same (a test keeps them equal). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'users:read',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'reactions:read',
  'files:write',
] as const;
