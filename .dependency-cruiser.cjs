/**
 * Import rules checked by `npm run check:imports` (part of `npm test`), with dependency-cruiser.
 * A cycle through run-time imports fails; cycles made only of `import type` are allowed, since they
 * vanish at run time (the layout should still leave few of them).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-run-time-cycle',
      severity: 'error',
      comment:
        'Modules that import each other at run time: move what both need into a third module.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      conditionNames: ['@pullback/source', 'import', 'default'],
    },
  },
};
