namespace LossBench.EndToEnd.Tests;

/// <summary>The tiny matrix of the end-to-end tests: a few hundred images, one epoch, two seeds, two losses.</summary>
internal static class TinyBenchmark
{
    public static string Yaml(string losses = "[cross-entropy, { cross-entropy: { label-smoothing: 0.1 } }]", string evaluations = "[clean]", string seeds = "[0, 1]", int epochs = 1, int train = 320, int hidden = 32) => $$"""
        name: tiny
        seeds: {{seeds}}
        device: cpu
        threads: 1
        datasets:
          - mnist-10k: { train: {{train}}, test: 200 }
        models:
          - mlp: { hidden: [{{hidden}}] }
        losses: {{losses}}
        augmentations: [none]
        training:
          epochs: {{epochs}}
          batch-size: 32
          optimizer: { sgd: { lr: 0.1, momentum: 0.9 } }
          schedule: cosine
        evaluations: {{evaluations}}
        report:
          baseline: cross-entropy
          tables:
            - { metric: clean.accuracy, rows: loss, columns: augmentation }
            - { metric: clean.ece, rows: loss, columns: augmentation }
        """;
}
