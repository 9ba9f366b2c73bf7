import { beforeAll, describe, expect, it } from 'vitest'
import { ERRORS, type ErrorCode } from '../../src/core/errors.ts'
import { openApiDocument } from '../support/openapi-document.ts'

type Schema = { $ref?: string; type?: string | string[]; enum?: string[]; format?: string; example?: unknown; default?: unknown; additionalProperties?: unknown; properties?: Record<string, Schema>; required?: string[] }
type Response = { description: string; headers?: Record<string, { $ref: string }>; content?: { 'application/json': { schema: Schema } } }
type Operation = { operationId?: string; tags?: string[]; summary?: string; description?: string; responses: Record<string, Response> }
type Document = {
  info: { license?: { name: string }; contact?: object }
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema>; headers: Record<string, unknown> }
}

let doc: Document
beforeAll(async () => {
  doc = (await openApiDocument('https://links.test')) as unknown as Document
})
const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })))
const resolve = (schema: Schema): Schema => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)!]! : schema)

describe('the OpenAPI document', () => {
  it('names, tags, sums up and describes every operation, with unique operationIds', () => {
    for (const { name, op } of operations()) {
      expect(op.operationId, name).toMatch(/^[a-z][A-Za-z]+$/)
      expect(op.tags?.length, name).toBeGreaterThan(0)
      expect(op.summary, name).toBeTruthy()
      expect(op.description, name).toBeTruthy()
    }
    const ids = operations().map(({ op }) => op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(doc.info.license?.name).toBe('MIT')
    expect(doc.info.contact).toBeDefined()
  })

  it("gives every error response the enum of its codes, each of that status in the error table", () => {
    for (const { name, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses).filter(([status]) => Number(status) >= 400)) {
        const body = resolve(response.content!['application/json'].schema)
        const codes = body.properties!.error!.enum as ErrorCode[]
        expect(codes.length, `${name} ${status}`).toBeGreaterThan(0)
        for (const code of codes) expect(ERRORS[code]?.status, `${name} ${status} ${code}`).toBe(Number(status))
        expect(body.required).toEqual(expect.arrayContaining(['error', 'message']))
        expect(codes).toContain((body.example as { error: string }).error)
      }
    }
  })

  it('declares X-Request-Id on every response and Retry-After on 429 and 503', () => {
    for (const { name, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        expect(response.headers?.['X-Request-Id'], `${name} ${status}`).toBeDefined()
        expect(response.headers?.['Retry-After'] !== undefined, `${name} ${status}`).toBe(status === '429' || status === '503')
      }
    }
    expect(Object.keys(doc.components.headers).sort()).toEqual(['RequestId', 'RetryAfter'])
  })

  it('types data as an open object or null, ttl as optional without a default, times and URLs by format', () => {
    const issue = doc.components.schemas.IssueInput!
    expect(issue.required).not.toContain('ttl')
    expect(issue.properties!.ttl!.default).toBeUndefined()
    for (const data of [issue.properties!.data!, doc.components.schemas.OpenLink!.properties!.data!]) {
      expect(data.type).toEqual(['object', 'null'])
      expect(data.additionalProperties).toBe(true)
    }
    expect(doc.components.schemas.IssuedLink!.properties!.expiresAt!.format).toBe('date-time')
    expect(doc.components.schemas.OpenLink!.properties!.expiresAt!.format).toBe('date-time')
    expect(doc.components.schemas.IssuedLink!.properties!.url!.format).toBe('uri')
    expect(issue.properties!.redirect!.format).toBe('uri')
  })

  it('has an example on every schema', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(schema.example, name).toBeDefined()
      for (const [property, value] of Object.entries(schema.properties ?? {})) expect(value.example, `${name}.${property}`).toBeDefined()
    }
  })
})
