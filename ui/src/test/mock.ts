// Tests mock the Tauri boundary (`invoke`); each test installs handlers per command.
import { invoke } from '@tauri-apps/api/core';
import { vi } from 'vitest';

export type Handler = (args: Record<string, unknown> | undefined) => unknown;

export function mockCommands(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> | undefined }[] = [];
  vi.mocked(invoke).mockImplementation(async (cmd: string, args?: unknown) => {
    calls.push({ cmd, args: args as Record<string, unknown> | undefined });
    const h = handlers[cmd];
    if (!h) throw { code: 'unknown', message: `unmocked command ${cmd}` };
    return h(args as Record<string, unknown> | undefined);
  });
  return calls;
}
