/**
 * Prints the suite's totals as one plain line (`jest: N passed, N failed, N skipped`) after jest's own
 * summary, so CI logs end with a line any tool can read.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(`jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
  }
}

module.exports = SummaryReporter;
