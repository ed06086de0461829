namespace LossBench.Host.Config;

public enum OptimizerKind
{
    Sgd,
    Adam,
    AdamW,
}
