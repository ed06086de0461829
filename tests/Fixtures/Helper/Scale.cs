namespace Fixture.Helper;

public static class Scale
{
    public static double Of(double value) => 2 * value;
}
