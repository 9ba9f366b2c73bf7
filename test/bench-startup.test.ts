import { describe, expect, it } from 'vitest'
import { timeStartup } from '../bench/startup.ts'

/**
 * The start-up measurement (bench/startup.ts) times a real server process to its first answers;
 * here the TypeScript entry stands in for the compiled one, so that no build is needed. It checks
 * that the clock stops at answers the server really gave (a health check, then a minted link),
 * not how fast they came.
 */
describe('bench start-up measurement', () => {
  it('times a real server from spawn to its first answer and its first minted link, and stops it', async () => {
    const times = await timeStartup(['--import', 'tsx', 'src/server/node/main.ts'])
    expect(times.firstAnswerMs).toBeGreaterThan(0)
    expect(times.firstMintMs).toBeGreaterThanOrEqual(times.firstAnswerMs)
  }, 150_000)
})
