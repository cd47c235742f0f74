// The kpis feature's face: what other features may import (statically; a page or lazy panel is import()ed on its own).
export { ScorecardPanel } from './ScorecardPanel.js';
export { TurtleIndicators } from './TurtleIndicators.js';
