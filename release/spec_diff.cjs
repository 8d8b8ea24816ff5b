// The changes between two OpenAPI documents (JSON files), classified by api-smart-diff (pinned in
// tools/package.json): prints a JSON array of {type, action, path, description}. Used by release/breaking.py.
const path = require('path')
const fs = require('fs')
const { apiCompare } = require(path.join(__dirname, '..', 'tools', 'node_modules', 'api-smart-diff'))

const [before, after] = process.argv.slice(2).map((file) => JSON.parse(fs.readFileSync(file, 'utf8')))
const { diffs } = apiCompare(before, after)
const out = diffs.map((diff) => ({
  type: diff.type,
  action: diff.action,
  path: diff.path.map(String),
  description: diff.description || null,
}))
process.stdout.write(JSON.stringify(out))
