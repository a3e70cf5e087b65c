/** The commented, empty sidecar that `sourced init` and the editor's "Create sidecar" write. */
export function sidecarSkeleton(): string {
  return `# Sources, entities and claims of the draft beside this file (Sourced sidecar, version 1).
# Format: docs/sidecar.md. Cite a source in the draft as [@key].

sources: {}
#  example-2024:
#    title: Title of the article or report
#    publisher: Who published it
#    date: 2024-05-01
#    url: https://example.org/article

entities: {}
#  jane-doe:
#    name: Jane Doe
#    kind: person        # person | organization | place | vehicle | event | work | other
#    aliases: [Doe]

claims: []
#  - text: "exact words of the draft"
#    sources: [example-2024]

accepted: []
#  - text: "A sentence that needs no source."
#    reason: own analysis
`;
}
